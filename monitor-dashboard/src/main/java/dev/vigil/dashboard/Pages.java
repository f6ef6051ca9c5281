package dev.vigil.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The HTML shell of every page: the navigation, an empty main element, and the scripts that fill
 * it from the JSON API. No text from the history or the alerts is ever put in here; it reaches the
 * page only through {@code textContent} in the scripts.
 */
final class Pages {

    /** Path to page key and title, in navigation order. */
    static final Map<String, String[]> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("/", new String[] {"overview", "Overview"});
        PAGES.put("/graphs", new String[] {"graphs", "Graphs"});
        PAGES.put("/container", new String[] {"container", "Container"});
        PAGES.put("/availability", new String[] {"availability", "Availability"});
        PAGES.put("/alerts", new String[] {"alerts", "Alerts"});
        PAGES.put("/series", new String[] {"series", "Series"});
    }

    private final Map<String, byte[]> rendered = new LinkedHashMap<>();

    Pages(String csrf) {
        PAGES.forEach(
                (path, page) -> rendered.put(path, html(page[0], page[1], csrf).getBytes(StandardCharsets.UTF_8)));
    }

    /** The page at {@code path}, or {@code null}. */
    byte @Nullable [] render(String path) {
        return rendered.get(path);
    }

    private static String html(String key, String title, String csrf) {
        StringBuilder nav = new StringBuilder();
        PAGES.forEach((path, page) -> {
            if (!page[0].equals("series")) {
                nav.append("<a href=\"")
                        .append(path)
                        .append('"')
                        .append(page[0].equals(key) ? " aria-current=\"page\"" : "")
                        .append('>')
                        .append(page[1])
                        .append("</a>");
            }
        });
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"vigil-csrf\" content=\"" + csrf + "\">\n"
                + "<title>Vigil · " + title + "</title>\n"
                + "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n"
                + "<link rel=\"stylesheet\" href=\"/assets/uPlot.min.css\">\n"
                + "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">\n"
                + "<script src=\"/assets/uPlot.iife.min.js\"></script>\n"
                + "<script type=\"module\" src=\"/assets/dashboard.js\"></script>\n"
                + "</head>\n<body data-page=\"" + key + "\">\n"
                + "<header><span class=\"brand\">Vigil</span><nav>" + nav + "</nav>"
                + "<span id=\"health\" class=\"health\"></span></header>\n"
                + "<main id=\"main\"><h1>" + title + "</h1></main>\n"
                + "<footer id=\"status\"></footer>\n</body>\n</html>\n";
    }
}
