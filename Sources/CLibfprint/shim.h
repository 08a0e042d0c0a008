#include <fprint.h>

/* g_signal_connect is a macro; Swift needs a function. */
static inline gulong kiosk_signal_connect(gpointer instance, const char *signal, GCallback handler, gpointer data) {
    return g_signal_connect_data(instance, signal, handler, data, NULL, (GConnectFlags) 0);
}
