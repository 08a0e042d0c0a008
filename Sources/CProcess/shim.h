#include <sys/prctl.h>

/* prctl is variadic, which Swift cannot call: one call per use. */
static inline int kiosk_make_not_dumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static inline int kiosk_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}
