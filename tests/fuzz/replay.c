/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Corpus replay for `make test`: feeds every file of the harness's seed
 * corpus (FUZZ_CORPUS, in name order) to LLVMFuzzerTestOneInput once, built
 * with the host compiler and ASan/UBSan like the unit tests, so the replay
 * needs no clang. Prints "PASS: fuzz-NAME-replay" or a FAIL line; a crash
 * ends the program after the "replay: FILE" line of the input that caused it.
 * With arguments, replays those files instead (to reproduce one crash).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long len;

    printf("replay: %s\n", path);
    fflush(stdout);
    if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)len + 1)) ||
        fread(buf, 1, (size_t)len, f) != (size_t)len) {
        if (f)
            fclose(f);
        free(buf);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)len);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    const char *name = "fuzz-" FUZZ_NAME "-replay";
    struct dirent **ents;
    char path[4096];
    int n, done = 0;

    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            if (replay(argv[i])) {
                printf("FAIL: %s: cannot read %s\n", name, argv[i]);
                return 1;
            }
        printf("%d inputs replayed\nPASS: %s\n", argc - 1, name);
        return 0;
    }
    n = scandir(FUZZ_CORPUS, &ents, NULL, by_name);
    if (n < 0) {
        printf("FAIL: %s: no corpus directory %s\n", name, FUZZ_CORPUS);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if (ents[i]->d_name[0] != '.') {
            snprintf(path, sizeof(path), "%s/%s", FUZZ_CORPUS, ents[i]->d_name);
            if (replay(path)) {
                printf("FAIL: %s: cannot read %s\n", name, path);
                return 1;
            }
            done++;
        }
        free(ents[i]);
    }
    free(ents);
    if (!done) {
        printf("FAIL: %s: empty corpus %s\n", name, FUZZ_CORPUS);
        return 1;
    }
    printf("%d inputs replayed\nPASS: %s\n", done, name);
    return 0;
}
