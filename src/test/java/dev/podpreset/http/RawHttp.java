package dev.podpreset.http;

import dev.podpreset.bench.HostileFlood;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, byte by byte, so that tests can send what a real client never would. */
public final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static String head(String path, long contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n";
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** POSTs a whole body with its Content-Length and reads the answer. */
    Response post(String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        send(head(path, bytes.length)).send(bytes);
        return read();
    }

    Response read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        if (code >= 100 && code < 200) {
            return read(); // an interim answer (100 Continue): the real one follows
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(Integer.parseInt(status.split(" ")[1]), headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection within {@code millis} (reads and drops anything it sends). */
    boolean closedWithin(long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] sink = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset
            }
        }
        return false;
    }

    String line() throws IOException {
        return line(in);
    }

    /** One CRLF-terminated line without its terminator; null at the end of the stream before any byte. */
    public static String line(InputStream in) throws IOException {
        return HostileFlood.line(in);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
