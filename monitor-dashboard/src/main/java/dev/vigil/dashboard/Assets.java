package dev.vigil.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The static files: the dashboard's own scripts and style sheet, and uPlot from its WebJar, all
 * from the class path. Each is read and gzipped once, on its first request, and cached.
 */
final class Assets {

    static final String UPLOT_VERSION = "1.6.30";
    private static final String OWN = "/dev/vigil/dashboard/static/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    /** Every asset a page may load, by the name it is served under; nothing else is served. */
    static final Map<String, String> FILES = Map.of(
            "dashboard.js", OWN + "dashboard.js",
            "charts.js", OWN + "charts.js",
            "pages.js", OWN + "pages.js",
            "dom.js", OWN + "dom.js",
            "dashboard.css", OWN + "dashboard.css",
            "favicon.svg", OWN + "favicon.svg",
            "uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "uPlot.min.css", UPLOT + "uPlot.min.css");

    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    void serve(HttpExchange exchange, String name) throws IOException {
        String resource = FILES.get(name);
        if (resource == null) {
            throw new Router.BadRequest(404, "no such asset");
        }
        Asset asset = cache.computeIfAbsent(name, n -> load(resource));
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (accept != null && accept.contains("gzip")) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
            Router.send(exchange, 200, contentType(name), asset.gzipped);
        } else {
            Router.send(exchange, 200, contentType(name), asset.plain);
        }
    }

    /** Its gzipped size, as served to a browser. */
    static int gzippedSize(String name) {
        return load(FILES.get(name)).gzipped.length;
    }

    private static String contentType(String name) {
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }

    private static Asset load(String resource) {
        // Through the class loader, not Assets.class: on the module path a class finds resources in
        // its own module only, and uPlot's are in the WebJar's.
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource.substring(1))) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + resource + " is missing from the class path");
            }
            byte[] plain = in.readAllBytes();
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(plain.length / 3);
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(plain);
            }
            return new Asset(plain, zipped.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("ArrayRecordComponent") // served as they are, never compared or hashed
    private record Asset(byte[] plain, byte[] gzipped) {}
}
