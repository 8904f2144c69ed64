/* A stand-in for Windows' bcryptprimitives.dll for the Wine test prefix only.
 *
 * Rust's standard library takes random bytes from ProcessPrng, which Windows 10 and 11
 * export from bcryptprimitives.dll; Debian's Wine 8 has no such DLL. This one answers
 * ProcessPrng with RtlGenRandom (advapi32's SystemFunction036). It is built by the Windows
 * suite beside the exe it tests and is never shipped: real Windows has the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
