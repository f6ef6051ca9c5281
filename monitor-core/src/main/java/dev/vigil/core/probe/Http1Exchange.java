package dev.vigil.core.probe;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 request and response on a fresh connection, written against plain and TLS
 * sockets so that every phase can be timed as blackbox_exporter times it: {@code resolve},
 * {@code connect}, {@code tls}, {@code processing} (request sent until the first response byte)
 * and {@code transfer}. The JDK's {@code HttpClient} hides these, pools connections (hiding a
 * listener that no longer accepts) and, on Java 17, cannot be closed. Every read runs under the
 * check's one deadline: each read's socket timeout is what is left of it, and the socket is closed
 * when it passes (see {@link CheckRecorder}), so a server that trickles bytes cannot stretch it. No proxy, no HTTP/2, no compression: a probe wants the plain truth.
 */
final class Http1Exchange {

    /** The response as far as a probe needs it. */
    @SuppressWarnings("ArrayRecordComponent") // read once by the probe, never compared or hashed
    record Response(int status, @Nullable String location, byte[] body) {}

    private static final int MAX_HEADER_LINE = HttpProbe.MAX_HEADER_LINE_BYTES;
    private static final int MAX_HEADERS = HttpProbe.MAX_HEADERS;

    private Http1Exchange() {}

    /**
     * Sends {@code method} to {@code url} with {@code headers} (name, value pairs) and reads the
     * response, keeping at most {@code maxBody} bytes of its body.
     */
    static Response send(
            URI url,
            String method,
            List<String[]> headers,
            Trust trust,
            Duration timeout,
            int maxBody,
            CheckRecorder rec)
            throws IOException, GeneralSecurityException {
        boolean tls = url.getScheme().equalsIgnoreCase("https");
        String host = url.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        try (Socket socket = open(bareHost, port, tls, trust, timeout, rec)) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(request(url, method, headers, host, port, tls).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new DeadlineStream(socket, timeout, rec);
            int first = in.read();
            if (first < 0) {
                throw new EOFException("connection closed before any response");
            }
            rec.phase("processing");
            String statusLine = (char) first + line(in);
            int status = status(statusLine);
            String location = null;
            long contentLength = -1;
            boolean chunked = false;
            while (true) {
                String[] headerLines = headers(in);
                for (String h : headerLines) {
                    int colon = h.indexOf(':');
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "location" -> location = value;
                        case "content-length" -> contentLength = Long.parseLong(value);
                        case "transfer-encoding" ->
                            chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        default -> {}
                    }
                }
                if (status >= 200 || status == 101) {
                    break;
                }
                // an interim 1xx: the real response follows
                status = status(line(in));
                location = null;
                contentLength = -1;
                chunked = false;
            }
            rec.httpStatus(status); // the head arrived: a body that then times out keeps the status
            byte[] body = new byte[0];
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status < 200;
            if (!noBody) {
                body = chunked ? chunked(in, maxBody) : read(in, contentLength, maxBody);
            }
            rec.phase("transfer");
            return new Response(status, location, body);
        }
    }

    private static Socket open(String host, int port, boolean tls, Trust trust, Duration timeout, CheckRecorder rec)
            throws IOException, GeneralSecurityException {
        Socket plain = TcpProbe.connect(host, port, timeout, rec);
        return tls ? TlsProbe.handshake(plain, host, port, trust, timeout, rec) : plain;
    }

    private static String request(URI url, String method, List<String[]> headers, String host, int port, boolean tls) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = port == (tls ? 443 : 80);
        StringBuilder sb = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(defaultPort ? "" : ":" + port)
                .append("\r\n")
                .append("Connection: close\r\n");
        boolean userAgent = false;
        boolean accept = false;
        for (String[] h : headers) {
            sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            userAgent |= h[0].equalsIgnoreCase("User-Agent");
            accept |= h[0].equalsIgnoreCase("Accept");
        }
        if (!userAgent) {
            sb.append("User-Agent: Vigil-Probe/1\r\n");
        }
        if (!accept) {
            sb.append("Accept: */*\r\n");
        }
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            sb.append("Content-Length: 0\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            throw new IOException("not an HTTP response: '" + abbreviate(statusLine) + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: '" + abbreviate(statusLine) + "'");
        }
    }

    private static String[] headers(InputStream in) throws IOException {
        java.util.ArrayList<String> list = new java.util.ArrayList<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (h.indexOf(':') <= 0) {
                throw new IOException("malformed response header: '" + abbreviate(h) + "'");
            }
            if (list.size() == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            list.add(h);
        }
        return list.toArray(String[]::new);
    }

    /** One line without its CRLF (or bare LF). */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed in the middle of the response head");
            }
            if (sb.length() > MAX_HEADER_LINE || (sb.length() == MAX_HEADER_LINE && c != '\r')) { // CRLF not counted
                throw new IOException("response header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            sb.append((char) c);
        }
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
    }

    /** {@code length} bytes, or up to the end of the stream when -1; keeps at most {@code max}. */
    private static byte[] read(InputStream in, long length, int max) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long left = length < 0 ? Long.MAX_VALUE : length;
        while (left > 0 && body.size() < max) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, max - body.size())));
            if (n < 0) {
                if (length >= 0) {
                    throw new EOFException("connection closed after " + body.size() + " of " + length + " body bytes");
                }
                break;
            }
            body.write(buffer, 0, n);
            left -= n;
        }
        return body.toByteArray();
    }

    private static byte[] chunked(InputStream in, int max) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < max) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: '" + abbreviate(sizeLine) + "'");
            }
            if (size == 0) {
                headers(in); // trailers
                break;
            }
            body.write(read(in, Math.min(size, max - body.size()), max - body.size()));
            if (body.size() >= max) {
                break;
            }
            line(in); // the CRLF after the chunk
        }
        return body.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** Gives every read what is left of the check's timeout, so a trickling server cannot stretch it. */
    private static final class DeadlineStream extends FilterInputStream {
        private final Socket socket;
        private final Duration timeout;
        private final CheckRecorder rec;

        DeadlineStream(Socket socket, Duration timeout, CheckRecorder rec) throws IOException {
            super(new java.io.BufferedInputStream(socket.getInputStream()));
            this.socket = socket;
            this.timeout = timeout;
            this.rec = rec;
        }

        private void arm() throws IOException {
            if (rec.leftNanos(timeout) <= 0) {
                throw new SocketTimeoutException("timeout of " + timeout + " passed");
            }
            if (super.in.available() == 0) {
                socket.setSoTimeout(rec.remainingMillis(timeout));
            }
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }
    }
}
