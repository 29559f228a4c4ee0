package io.outpost.console.domain;

/**
 * What a page says when a service call did not give what it needed: in words for the care team,
 * never a stack trace. {@code status} 0 means the service did not answer at all (down or too slow).
 */
public final class Trouble {

    private Trouble() {
    }

    public static String describe(String service, int status, String detail) {
        String why = detail == null || detail.isBlank() ? "" : " " + ensureStop(detail.strip());
        if (status == 0) {
            return service + " is not answering right now, so this part of the page is empty. The rest of the "
                    + "page works; try again in a moment.";
        }
        if (status >= 500) {
            return service + " had a problem (HTTP " + status + "), so this part of the page is empty. The rest of "
                    + "the page works; try again in a moment.";
        }
        if (status == 401 || status == 403) {
            return "Your role does not allow this." + why;
        }
        if (status == 404) {
            return "Not found, or not yours to see." + why;
        }
        if (status == 409) {
            return "That changed in the meantime." + why;
        }
        return "That was refused (HTTP " + status + ")." + why;
    }

    static String ensureStop(String s) {
        return s.endsWith(".") || s.endsWith("!") || s.endsWith("?") ? s : s + ".";
    }
}
