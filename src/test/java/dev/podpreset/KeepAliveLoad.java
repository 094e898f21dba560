package dev.podpreset;

import dev.podpreset.http.RawHttp;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the API server does to a webhook replica, as a test client: several HTTP/1.1 keep-alive
 * connections, each POSTing reviews with short idle gaps, reconnecting when an answer says
 * {@code Connection: close}, and opening no new connection once the Service has stopped routing to the
 * replica (some time after its readiness went DOWN). Anything but a 200 answer to a request written on
 * an open connection, and any TLS handshake that fails, is a failure.
 */
final class KeepAliveLoad {
    private final SSLSocketFactory tls;
    private final int port;
    private final byte[] request;
    private final Thread[] workers;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger answeredAfterSigterm = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile long sigtermAt = Long.MAX_VALUE;
    private volatile long routableUntil = Long.MAX_VALUE;
    private volatile boolean stopped;

    record Result(int answered, int answeredAfterSigterm, int connections, List<String> failures) {
    }

    KeepAliveLoad(SSLSocketFactory tls, int port, byte[] body, int connections) {
        this.tls = tls;
        this.port = port;
        this.request = RawHttp.concat(("POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
        this.workers = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            workers[i] = new Thread(this::work, "keep-alive-load-" + i);
        }
    }

    void start() {
        for (Thread w : workers) {
            w.start();
        }
    }

    int answered() {
        return answered.get();
    }

    /** What went wrong so far (a worker that fails to connect stops, so the load may never get under way). */
    List<String> failures() {
        return List.copyOf(failures);
    }

    void sigtermSent() {
        sigtermAt = System.nanoTime();
    }

    /** The Service stops sending new connections to the replica after this delay. */
    void noNewConnectionsAfter(long millis) {
        routableUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Ends the load: each connection finishes the request it is on and closes. */
    void stop() {
        stopped = true;
    }

    Result awaitEnd(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread w : workers) {
            w.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (w.isAlive()) {
                failures.add(w.getName() + " still running after " + millis + " ms");
                w.interrupt();
            }
        }
        return new Result(answered.get(), answeredAfterSigterm.get(), connections.get(), List.copyOf(failures));
    }

    private void work() {
        SSLSocket socket = null;
        try {
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                if (socket == null) {
                    if (System.nanoTime() > routableUntil) {
                        return; // the Service sends this client to another replica now
                    }
                    socket = connect();
                    if (socket == null) {
                        return;
                    }
                }
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    String head = readAnswer(socket.getInputStream());
                    if (!head.startsWith("HTTP/1.1 200")) {
                        failures.add("answer: " + head.lines().findFirst().orElse(""));
                    } else {
                        answered.incrementAndGet();
                        if (System.nanoTime() > sigtermAt) {
                            answeredAfterSigterm.incrementAndGet();
                        }
                    }
                    if (head.toLowerCase(Locale.ROOT).contains("\nconnection: close")) {
                        closeQuietly(socket);
                        socket = null;
                    }
                } catch (IOException e) {
                    failures.add("request lost on an open connection: " + e);
                    closeQuietly(socket);
                    socket = null;
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private SSLSocket connect() {
        SSLSocket socket;
        try {
            socket = (SSLSocket) tls.createSocket("localhost", port);
        } catch (IOException e) {
            failures.add("connection refused while the Service still routes here: " + e);
            return null;
        }
        try {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            connections.incrementAndGet();
            return socket;
        } catch (IOException e) {
            failures.add("TLS handshake failed: " + e);
            closeQuietly(socket);
            return null;
        }
    }

    /** The status line and headers (as text), after reading and dropping the Content-Length body. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int length = -1;
        for (String line = lineOrClosed(in); !line.isEmpty(); line = lineOrClosed(in)) {
            head.append(line).append('\n');
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0 || in.readNBytes(length).length != length) {
            throw new IOException("answer without its whole body: " + head);
        }
        return head.toString();
    }



    private static String lineOrClosed(InputStream in) throws IOException {
        String line = RawHttp.line(in);
        if (line == null) {
            throw new IOException("connection closed by the server before or mid-answer");
        }
        return line;
    }

    private static void closeQuietly(SSLSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
