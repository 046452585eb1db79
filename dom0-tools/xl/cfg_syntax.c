/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl.cfg lexer and parser: `key = value` lines (`;` also ends one), values
 * are 'strings', "strings", numbers and [ lists, ] with `#` comments.
 * Produces untyped settings with line:column locations.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_syntax.h"

enum tok {
    T_IDENT, T_NUMBER, T_STRING, T_EQ, T_PLUSEQ, T_LBRACK, T_RBRACK,
    T_COMMA, T_SEMI, T_NEWLINE, T_EOF, T_ERROR
};

struct token {
    enum tok kind;
    struct xl_loc loc;
    char *text;                         /* IDENT, NUMBER, STRING */
};

struct lexer {
    const char *p, *end;
    struct xl_loc pos;                  /* of *p */
    struct xl_msgs *msgs;
    bool cmdline;                       /* no columns in messages */
    struct token tok;                   /* current token */
};

static void syntax_error(struct lexer *lx, const struct xl_loc *at,
                         const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void syntax_error(struct lexer *lx, const struct xl_loc *at,
                         const char *fmt, ...)
{
    struct xl_loc loc = *at;
    char buf[512];
    va_list ap;

    if (lx->cmdline)
        loc.col = 0;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    xl_msg_error(lx->msgs, &loc, NULL, "syntax error: %s", buf);
}

static int peekc(const struct lexer *lx, size_t off)
{
    return lx->p + off < lx->end ? (unsigned char)lx->p[off] : -1;
}

static void advance(struct lexer *lx)
{
    if (*lx->p == '\n') {
        lx->pos.line++;
        lx->pos.col = 1;
    } else {
        lx->pos.col++;
    }
    lx->p++;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Quoted string with C-like escapes; *lx->p is the quote. */
static int lex_string(struct lexer *lx, struct token *t)
{
    int quote = *lx->p;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);

    if (!s)
        return -1;
    advance(lx);
    for (;;) {
        int c = peekc(lx, 0), out;

        if (c < 0) {
            syntax_error(lx, &t->loc, "unterminated string");
            goto fail;
        }
        if (c == quote) {
            advance(lx);
            break;
        }
        if (c == '\0') {
            /* Would silently end the value here, as \x00 would. */
            syntax_error(lx, &lx->pos, "NUL byte in string");
            goto fail;
        }
        if (c != '\\') {
            out = c;
            advance(lx);
        } else {
            struct xl_loc esc = lx->pos;
            int e = peekc(lx, 1);

            advance(lx);
            if (e < 0) {
                syntax_error(lx, &t->loc, "unterminated string");
                goto fail;
            }
            advance(lx);
            switch (e) {
            case '"': case '\'': case '\\': out = e; break;
            case 'a': out = '\a'; break;
            case 'b': out = '\b'; break;
            case 'f': out = '\f'; break;
            case 'n': out = '\n'; break;
            case 'r': out = '\r'; break;
            case 't': out = '\t'; break;
            case 'v': out = '\v'; break;
            case 'x': {
                int h = hexval(peekc(lx, 0)), l = hexval(peekc(lx, 1));

                if (h < 0 || l < 0 || (h == 0 && l == 0)) {
                    syntax_error(lx, &esc, "'\\x' must be followed by two hex "
                                 "digits (not 00)");
                    goto fail;
                }
                advance(lx);
                advance(lx);
                out = h * 16 + l;
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    out = e - '0';
                    for (int i = 0; i < 2 && peekc(lx, 0) >= '0' &&
                         peekc(lx, 0) <= '7'; i++) {
                        out = out * 8 + (peekc(lx, 0) - '0');
                        advance(lx);
                    }
                    if (out == 0 || out > 255) {
                        syntax_error(lx, &esc, "octal escape out of range "
                                     "(\\1 to \\377)");
                        goto fail;
                    }
                    break;
                }
                syntax_error(lx, &esc, isprint(e) ? "invalid escape '\\%c' in "
                             "string; valid: \\\\ \\' \\\" \\a \\b \\f \\n \\r "
                             "\\t \\v \\xHH \\OOO" : "invalid escape byte "
                             "0x%02x in string", e);
                goto fail;
            }
        }
        if (n + 2 > cap) {
            char *ns = realloc(s, cap *= 2);

            if (!ns)
                goto fail;
            s = ns;
        }
        s[n++] = (char)out;
    }
    s[n] = '\0';
    t->text = s;
    t->kind = T_STRING;
    return 0;
 fail:
    free(s);
    t->kind = T_ERROR;
    return -1;
}

static int is_word(int c)
{
    return c >= 0 && (isalnum(c) || c == '_');
}

/* Read the next token into lx->tok; T_ERROR after reporting. */
static void lex(struct lexer *lx)
{
    struct token *t = &lx->tok;
    int c;

    free(t->text);
    t->text = NULL;
    for (;;) {
        c = peekc(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance(lx);
        } else if (c == '#') {
            while (peekc(lx, 0) >= 0 && peekc(lx, 0) != '\n')
                advance(lx);
        } else if (c == '\\' && peekc(lx, 1) == '\n') {
            advance(lx);                /* line continuation */
            advance(lx);
        } else {
            break;
        }
    }
    t->loc = lx->pos;
    if (c < 0) {
        t->kind = T_EOF;
        return;
    }
    if (isalpha(c) || c == '_' || isdigit(c)) {
        const char *start = lx->p;

        /* Names may hold dots after the first character, as Xen's
         * lexer allows (xl.conf's vif.default.bridge). */
        while (is_word(peekc(lx, 0)) || peekc(lx, 0) == '.')
            advance(lx);
        t->text = strndup(start, lx->p - start);
        t->kind = t->text ? (isdigit(c) ? T_NUMBER : T_IDENT) : T_ERROR;
        return;
    }
    if (c == '"' || c == '\'') {
        lex_string(lx, t);
        return;
    }
    advance(lx);
    switch (c) {
    case '=': t->kind = T_EQ; return;
    case '[': t->kind = T_LBRACK; return;
    case ']': t->kind = T_RBRACK; return;
    case ',': t->kind = T_COMMA; return;
    case ';': t->kind = T_SEMI; return;
    case '\n': t->kind = T_NEWLINE; return;
    case '+':
        if (peekc(lx, 0) == '=') {
            advance(lx);
            t->kind = T_PLUSEQ;
            return;
        }
        break;
    }
    if (isprint(c))
        syntax_error(lx, &t->loc, "unexpected character '%c'", c);
    else
        syntax_error(lx, &t->loc, "unexpected byte 0x%02x", c);
    t->kind = T_ERROR;
}

static void describe(const struct token *t, char *buf, size_t len)
{
    switch (t->kind) {
    case T_IDENT: snprintf(buf, len, "'%s'", t->text); break;
    case T_NUMBER: snprintf(buf, len, "number %s", t->text); break;
    case T_STRING: snprintf(buf, len, "a string"); break;
    case T_EQ: snprintf(buf, len, "'='"); break;
    case T_PLUSEQ: snprintf(buf, len, "'+='"); break;
    case T_LBRACK: snprintf(buf, len, "'['"); break;
    case T_RBRACK: snprintf(buf, len, "']'"); break;
    case T_COMMA: snprintf(buf, len, "','"); break;
    case T_SEMI: snprintf(buf, len, "';'"); break;
    case T_NEWLINE: snprintf(buf, len, "end of line"); break;
    case T_EOF: snprintf(buf, len, "end of file"); break;
    case T_ERROR: snprintf(buf, len, "an error"); break;
    }
}

static struct cfg_value *parse_value(struct lexer *lx, const char *key);

/* After '[': items separated by ',', trailing ',' allowed, newlines free. */
static struct cfg_value *parse_list(struct lexer *lx, const char *key)
{
    struct xl_loc open = lx->tok.loc;
    struct cfg_value *list = cfg_value_new(CFG_LIST, &lx->tok.loc);
    char what[128];

    if (!list)
        return NULL;
    lex(lx);
    for (;;) {
        struct cfg_value *item;

        while (lx->tok.kind == T_NEWLINE)
            lex(lx);
        if (lx->tok.kind == T_RBRACK)
            break;
        if (lx->tok.kind == T_EOF) {
            syntax_error(lx, &open, "'[' is never closed");
            goto fail;
        }
        item = parse_value(lx, key);
        if (!item || cfg_list_add(list, item) < 0) {
            cfg_value_free(item);
            goto fail;
        }
        while (lx->tok.kind == T_NEWLINE)
            lex(lx);
        if (lx->tok.kind == T_COMMA) {
            lex(lx);
            continue;
        }
        if (lx->tok.kind == T_RBRACK)
            break;
        if (lx->tok.kind == T_EOF) {
            syntax_error(lx, &open, "'[' is never closed");
            goto fail;
        }
        if (lx->tok.kind != T_ERROR) {
            describe(&lx->tok, what, sizeof(what));
            syntax_error(lx, &lx->tok.loc, "expected ',' or ']' in the list "
                         "of '%s', got %s", key, what);
        }
        goto fail;
    }
    lex(lx);                            /* eat ']' */
    return list;
 fail:
    cfg_value_free(list);
    return NULL;
}

/* A value starting at the current token; leaves the token after it. */
static struct cfg_value *parse_value(struct lexer *lx, const char *key)
{
    struct cfg_value *v;
    char what[128];

    switch (lx->tok.kind) {
    case T_STRING:
    case T_NUMBER:
        v = cfg_value_new(lx->tok.kind == T_STRING ? CFG_STRING : CFG_NUMBER,
                          &lx->tok.loc);
        if (!v)
            return NULL;
        v->text = lx->tok.text;
        lx->tok.text = NULL;
        lex(lx);
        return v;
    case T_LBRACK:
        return parse_list(lx, key);
    case T_ERROR:
        return NULL;
    case T_IDENT:
        syntax_error(lx, &lx->tok.loc, "expected a value for '%s', got '%s' "
                     "(strings need quotes: \"%s\")", key, lx->tok.text,
                     lx->tok.text);
        return NULL;
    default:
        describe(&lx->tok, what, sizeof(what));
        syntax_error(lx, &lx->tok.loc, "expected a value for '%s', got %s",
                     key, what);
        return NULL;
    }
}

/* One `key = value` or `key += value` starting at an IDENT token. */
static int parse_setting(struct lexer *lx, struct cfg_file *out)
{
    struct xl_loc kloc = lx->tok.loc;
    char *key = lx->tok.text;
    struct cfg_value *v;
    char what[128];
    bool append;

    lx->tok.text = NULL;
    lex(lx);
    if (lx->tok.kind != T_EQ && lx->tok.kind != T_PLUSEQ) {
        if (lx->tok.kind != T_ERROR) {
            describe(&lx->tok, what, sizeof(what));
            syntax_error(lx, &lx->tok.loc, "expected '=' after '%s', got %s",
                         key, what);
        }
        goto fail;
    }
    append = lx->tok.kind == T_PLUSEQ;
    lex(lx);
    v = parse_value(lx, key);
    if (!v)
        goto fail;
    if (lx->tok.kind != T_NEWLINE && lx->tok.kind != T_SEMI &&
        lx->tok.kind != T_EOF) {
        if (lx->tok.kind != T_ERROR) {
            describe(&lx->tok, what, sizeof(what));
            syntax_error(lx, &lx->tok.loc, "expected end of line after the "
                         "value of '%s', got %s", key, what);
        }
        cfg_value_free(v);
        goto fail;
    }
    if (cfg_file_add(out, key, append, &kloc, v) < 0) {
        cfg_value_free(v);
        goto fail;
    }
    return 0;
 fail:
    free(key);
    return -1;
}

static void lexer_init(struct lexer *lx, const char *text, size_t len,
                       const char *src, int line, struct xl_msgs *msgs)
{
    memset(lx, 0, sizeof(*lx));
    lx->p = text;
    lx->end = text + len;
    lx->pos.src = src;
    lx->pos.line = line;
    lx->pos.col = 1;
    lx->msgs = msgs;
    lx->cmdline = src == NULL;
    /* A UTF-8 byte order mark is not part of the text. */
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        lx->p += 3;
}

int cfg_syntax_parse(const char *text, size_t len, const char *src,
                     struct cfg_file *out, struct xl_msgs *msgs)
{
    struct lexer lx;
    char what[128];
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->src = src;
    lexer_init(&lx, text, len, src, 1, msgs);
    for (lex(&lx); lx.tok.kind != T_EOF; lex(&lx)) {
        if (lx.tok.kind == T_NEWLINE || lx.tok.kind == T_SEMI)
            continue;
        if (lx.tok.kind == T_IDENT) {
            if (parse_setting(&lx, out) < 0) {
                rc = -1;
                break;
            }
            if (lx.tok.kind == T_EOF)
                break;
            continue;
        }
        if (lx.tok.kind != T_ERROR) {
            describe(&lx.tok, what, sizeof(what));
            syntax_error(&lx, &lx.tok.loc, "expected a setting name, got %s",
                         what);
        }
        rc = -1;
        break;
    }
    free(lx.tok.text);
    if (rc < 0) {
        if (!msgs->nr_errors)           /* allocation failure */
            xl_msg_error(msgs, &lx.tok.loc, NULL, "out of memory");
        cfg_file_free(out);
    }
    return rc;
}

/*
 * "key=value" from the command line. The value uses the file grammar when
 * it starts with a quote or '[' or is one complete number; anything else
 * is taken literally as a string (so `name=web1` and `cpus=0-3` work).
 */
int cfg_syntax_parse_override(const char *arg, int argno,
                              struct cfg_file *out, struct xl_msgs *msgs)
{
    struct xl_loc loc = { NULL, argno, 0 };
    const char *p = arg, *val;
    struct cfg_value *v = NULL;
    struct lexer lx;
    bool append = false;
    char *key;

    while (*p == ' ')
        p++;
    val = p;
    if (isalpha((unsigned char)*p) || *p == '_')
        while (is_word((unsigned char)*p) || *p == '.')
            p++;
    key = strndup(val, p - val);
    if (!key)
        return -1;
    while (*p == ' ')
        p++;
    if (*p == '+' && p[1] == '=') {
        append = true;
        p++;
    }
    if (!*key || *p != '=') {
        xl_msg_error(msgs, &loc, NULL, "expected key=value, got \"%s\"", arg);
        free(key);
        return -1;
    }
    val = p + 1;
    while (*val == ' ')
        val++;
    if (*val == '"' || *val == '\'' || *val == '[' ||
        isdigit((unsigned char)*val)) {
        struct xl_msgs quiet;
        bool literal_ok = isdigit((unsigned char)*val);

        xl_msgs_init(&quiet);
        lexer_init(&lx, val, strlen(val), NULL, argno,
                   literal_ok ? &quiet : msgs);
        lex(&lx);
        v = parse_value(&lx, key);
        if (v && lx.tok.kind != T_EOF) {
            if (!literal_ok) {
                char what[128];

                describe(&lx.tok, what, sizeof(what));
                syntax_error(&lx, &lx.tok.loc, "expected end of argument "
                             "after the value of '%s', got %s", key, what);
            }
            cfg_value_free(v);
            v = NULL;
        }
        free(lx.tok.text);
        xl_msgs_free(&quiet);
        if (!v && !literal_ok) {
            free(key);
            return -1;
        }
    }
    if (!v) {
        v = cfg_value_new(CFG_STRING, &loc);
        if (!v || !(v->text = strdup(val)))
            goto nomem;
    }
    v->loc = loc;
    if (cfg_file_add(out, key, append, &loc, v) < 0)
        goto nomem;
    return 0;
 nomem:
    cfg_value_free(v);
    free(key);
    return -1;
}

/* ---- value and file helpers ------------------------------------------- */

struct cfg_value *cfg_value_new(enum cfg_kind kind, const struct xl_loc *loc)
{
    struct cfg_value *v = calloc(1, sizeof(*v));

    if (v) {
        v->kind = kind;
        v->loc = *loc;
        v->loc.col = 0;                 /* columns only for syntax errors */
    }
    return v;
}

void cfg_value_free(struct cfg_value *v)
{
    if (!v)
        return;
    free(v->text);
    if (v->kind == CFG_LIST)
        for (unsigned int i = 0; i < v->nr_items; i++)
            cfg_value_free(v->items[i]);
    if (v->kind == CFG_RECORD)
        for (unsigned int i = 0; i < v->nr_items; i++) {
            free(v->pairs[i].key);
            free(v->pairs[i].value);
        }
    free(v->items);
    free(v->pairs);
    free(v);
}

int cfg_list_add(struct cfg_value *list, struct cfg_value *item)
{
    struct cfg_value **n = realloc(list->items,
                                   (list->nr_items + 1) * sizeof(*n));

    if (!n)
        return -1;
    list->items = n;
    n[list->nr_items++] = item;
    return 0;
}

int cfg_record_add(struct cfg_value *rec, const char *key, const char *value)
{
    struct cfg_pair *n = realloc(rec->pairs, (rec->nr_items + 1) * sizeof(*n));

    if (!n)
        return -1;
    rec->pairs = n;
    n[rec->nr_items].key = strdup(key);
    n[rec->nr_items].value = strdup(value);
    if (!n[rec->nr_items].key || !n[rec->nr_items].value) {
        free(n[rec->nr_items].key);
        free(n[rec->nr_items].value);
        return -1;
    }
    rec->nr_items++;
    return 0;
}

int cfg_file_add(struct cfg_file *f, char *key, bool append,
                 const struct xl_loc *loc, struct cfg_value *v)
{
    struct cfg_setting *n = realloc(f->settings, (f->nr + 1) * sizeof(*n));

    if (!n)
        return -1;
    f->settings = n;
    n[f->nr].key = key;
    n[f->nr].append = append;
    n[f->nr].loc = *loc;
    n[f->nr].loc.col = 0;
    n[f->nr].value = v;
    f->nr++;
    return 0;
}

void cfg_file_free(struct cfg_file *f)
{
    for (unsigned int i = 0; i < f->nr; i++) {
        free(f->settings[i].key);
        cfg_value_free(f->settings[i].value);
    }
    free(f->settings);
    f->settings = NULL;
    f->nr = 0;
}
