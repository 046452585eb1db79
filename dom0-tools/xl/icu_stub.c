/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl-static only: stand-ins for the seven ICU converter functions Debian's
 * libxml2.a references, so the static binary does not pull in ICU and its
 * ~30 MB data library. ucnv_open fails, and libxml2 then uses its built-in
 * UTF-8/UTF-16/ISO-8859-1/ASCII handlers, which is all xl needs.
 * XL_ICU_VER is ICU's major version (symbol suffix), from pkg-config.
 */
#include <stddef.h>

#define XL_CAT2(a, b) a##_##b
#define XL_CAT(a, b) XL_CAT2(a, b)
#define ICU(name) XL_CAT(name, XL_ICU_VER)

#define U_FILE_ACCESS_ERROR 4

void *ICU(ucnv_open)(const char *name, int *err);
void ICU(ucnv_close)(void *cnv);
void ICU(ucnv_convertEx)(void);
void ICU(ucnv_setFromUCallBack)(void);
void ICU(ucnv_setToUCallBack)(void);
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void);
void ICU(UCNV_TO_U_CALLBACK_STOP)(void);

void *ICU(ucnv_open)(const char *name, int *err)
{
    (void)name;
    *err = U_FILE_ACCESS_ERROR;
    return NULL;
}

void ICU(ucnv_close)(void *cnv)
{
    (void)cnv;
}

/* Unreachable: no converter is ever opened. */
void ICU(ucnv_convertEx)(void) { }
void ICU(ucnv_setFromUCallBack)(void) { }
void ICU(ucnv_setToUCallBack)(void) { }
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void) { }
void ICU(UCNV_TO_U_CALLBACK_STOP)(void) { }
