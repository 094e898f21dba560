package dev.podpreset.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One hostile flood against the webhook over HTTPS (loopback), for {@code src/jmh/hostile.sh}: N
 * connections at once each POST a valid AdmissionReview of a pod padded with env vars to the given size
 * to {@code /mutate}; with {@code --stall} each sends all but the last 64 KiB of it and then waits; with
 * {@code --repeat-secs S} each sends it again on its keep-alive connection as soon as it is answered, for S
 * seconds (a sustained stream of large pods), or with {@code --repeat-every-ms M} once every M ms at most (a
 * stream of large pods at a given rate). Meanwhile a probe sends the small review at a fixed rate
 * ({@code --probe-rate}, spread over {@code --probe-connections} keep-alive connections), during the flood and
 * for {@code --after-secs} after it. With {@code --connections 0} there is no flood: the probe runs alone for
 * {@code --probe-only-secs}, the baseline of the rows with a flood.
 *
 * <p>Each probe's latency is taken from the time it was due, not the time it could be sent, so a server that
 * stalls is charged for the probes it delayed (no coordinated omission). Prints one line: the answers the flood
 * got (status codes, or how the connection ended), how long the slowest flood connection lasted, and for the
 * probe during and after the flood: answered/sent, p50, p99 and max in milliseconds.
 * JDK only, so that it runs as a single source file: {@code java HostileFlood.java --port ...}.
 */
public final class HostileFlood {
    private static final int TIMEOUT_MS = 60_000;

    private final int port;
    private final byte[] probeBody;
    private final Map<String, AtomicInteger> floodResults = new ConcurrentHashMap<>();
    private final AtomicLong slowestFloodMs = new AtomicLong();
    private volatile boolean floodRunning = true;
    private volatile boolean probing = true;
    private final Probes during = new Probes();
    private final Probes after = new Probes();

    /** Latencies of the probes of one phase, and how many were answered. */
    private static final class Probes {
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger answered = new AtomicInteger();

        void add(boolean ok, double ms) {
            millis.add(ms);
            if (ok) {
                answered.incrementAndGet();
            }
        }

        String summary() {
            List<Double> sorted;
            synchronized (millis) {
                sorted = new ArrayList<>(millis);
            }
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return "0/0";
            }
            return String.format("%d/%d p50_ms %.1f p99_ms %.1f max_ms %.1f", answered.get(), sorted.size(),
                    percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        }

        private static double percentile(List<Double> sorted, int p) {
            return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    private HostileFlood(int port, byte[] probeBody) {
        this.port = port;
        this.probeBody = probeBody;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--stall")) {
                opts.put("stall", "true");
            } else {
                opts.put(args[i].substring(2), args[++i]);
            }
        }
        HostileFlood flood = new HostileFlood(Integer.parseInt(opts.get("port")), Files.readAllBytes(Path.of(opts.get("probe"))));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "0"));
        flood.run(new Flood(connections, Long.parseLong(opts.getOrDefault("bytes", "0")), opts.containsKey("stall"),
                        Integer.parseInt(opts.getOrDefault("stall-secs", "40")), Integer.parseInt(opts.getOrDefault("repeat-secs", "0")),
                        Long.parseLong(opts.getOrDefault("repeat-every-ms", "0"))),
                Integer.parseInt(opts.getOrDefault("probe-rate", "100")), Integer.parseInt(opts.getOrDefault("probe-connections", "4")),
                Integer.parseInt(opts.getOrDefault("probe-only-secs", "10")), Integer.parseInt(opts.getOrDefault("after-secs", "5")));
    }

    /** What the flood sends: N connections, a body of B bytes, stalled or repeated for S seconds (every M ms at most). */
    private record Flood(int connections, long bytes, boolean stall, int stallSecs, int repeatSecs, long repeatEveryMs) {
    }

    private void run(Flood flood, int probeRate, int probeConnections, int probeOnlySecs, int afterSecs) throws Exception {
        List<Thread> probes = new ArrayList<>();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * probeConnections / probeRate;
        for (int i = 0; i < probeConnections; i++) {
            long offset = intervalNanos * i / probeConnections;
            Thread probe = new Thread(() -> probe(intervalNanos, offset), "probe-" + i);
            probe.start();
            probes.add(probe);
        }
        if (flood.connections() == 0) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(probeOnlySecs));
        } else {
            flood(flood);
        }
        floodRunning = false;
        Thread.sleep(TimeUnit.SECONDS.toMillis(afterSecs));
        probing = false;
        for (Thread probe : probes) {
            probe.join(TIMEOUT_MS);
        }
        System.out.printf("flood %s  slowest_flood_connection_s %.1f  probe_during %s  probe_after %s%n",
                new TreeMap<>(floodResults), slowestFloodMs.get() / 1000.0, during.summary(), after.summary());
    }

    private void flood(Flood flood) throws InterruptedException {
        byte[] body = paddedReview(flood.bytes());
        CountDownLatch start = new CountDownLatch(1);
        Thread[] senders = new Thread[flood.connections()];
        for (int i = 0; i < senders.length; i++) {
            senders[i] = new Thread(() -> {
                if (flood.repeatSecs() > 0) {
                    floodRepeatedly(start, body, flood.repeatSecs(), flood.repeatEveryMs());
                } else {
                    floodOne(start, body, flood.stall(), flood.stallSecs());
                }
            }, "flood-" + i);
            senders[i].start();
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(flood.stallSecs() + flood.repeatSecs() + 90));
        }
    }

    /** A pod with enough env vars to make the review {@code bytes} long: valid JSON, as large as asked. */
    private static byte[] paddedReview(long bytes) {
        String head = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"hostile\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},"
                + "\"namespace\":\"bench\",\"operation\":\"CREATE\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"big\",\"namespace\":\"bench\",\"labels\":{\"app\":\"bench\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"registry.example.com/app:1\",\"env\":[";
        String tail = "]}]}}}}";
        StringBuilder sb = new StringBuilder((int) bytes + 128).append(head);
        for (int i = 0; sb.length() + tail.length() + 64 < bytes; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"PADDING_").append(i).append("\",\"value\":\"0123456789abcdef\"}");
        }
        while (sb.length() + tail.length() < bytes) {
            sb.append(' ');
        }
        return sb.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void floodOne(CountDownLatch start, byte[] body, boolean stall, int stallSecs) {
        long t0 = 0;
        String result;
        try (SSLSocket socket = connect()) {
            start.await();
            t0 = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            int sent = stall ? body.length - 65536 : body.length;
            try {
                out.write(head("/mutate", body.length));
                for (int off = 0; off < sent; off += 65536) {
                    out.write(body, off, Math.min(65536, sent - off));
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before the whole body is sent: read what it said.
            }
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(stall ? stallSecs : 60));
            result = statusOrEnd(socket.getInputStream());
        } catch (Exception e) {
            result = "error:" + e.getClass().getSimpleName();
        }
        if (t0 != 0) {
            slowestFloodMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
        }
        count(result);
    }

    /**
     * Sends the body again as soon as it is answered, on one keep-alive connection (a new one when the server
     * closed it), until {@code secs} have passed. A refusal (503 for the budget) waits 100 ms before the next try.
     */
    private void floodRepeatedly(CountDownLatch start, byte[] body, int secs, long everyMs) {
        byte[] request = request("/mutate", body);
        try (KeepAlive connection = new KeepAlive()) {
            start.await();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                String result;
                try {
                    result = connection.exchange(request).status();
                } catch (Exception e) {
                    result = "error:" + e.getClass().getSimpleName();
                }
                slowestFloodMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
                count(result);
                if (!result.equals("200")) {
                    sleep(100);
                }
                long next = t0 + TimeUnit.MILLISECONDS.toNanos(everyMs);
                if (System.nanoTime() < next) {
                    sleep(TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void count(String result) {
        floodResults.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Sends the small review every {@code intervalNanos}, starting {@code offsetNanos} in, on one keep-alive connection. */
    private void probe(long intervalNanos, long offsetNanos) {
        byte[] request = request("/mutate", probeBody);
        long due = System.nanoTime() + offsetNanos;
        try (KeepAlive connection = new KeepAlive()) {
            while (probing) {
                for (long wait = due - System.nanoTime(); wait > 0 && probing; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!probing) {
                    break;
                }
                boolean duringFlood = floodRunning;
                boolean ok;
                try {
                    ok = connection.exchange(request).body().contains("\"allowed\":true");
                } catch (Exception e) {
                    ok = false;
                }
                (duringFlood ? during : after).add(ok, (System.nanoTime() - due) / 1e6);
                due += intervalNanos;
            }
        }
    }

    /** One keep-alive connection, opened when needed and again after the server closed it or an exchange failed. */
    private final class KeepAlive implements AutoCloseable {
        private SSLSocket socket;
        private InputStream in;

        Response exchange(byte[] request) throws Exception {
            try {
                if (socket == null) {
                    socket = connect();
                    in = new BufferedInputStream(socket.getInputStream());
                }
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                Response response = readResponse(in);
                if (response.closes()) {
                    close();
                }
                return response;
            } catch (Exception e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            closeQuietly(socket);
            socket = null;
        }
    }

    private static byte[] head(String path, long length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Head and body in one array, so that each request goes out in one write. */
    private static byte[] request(String path, byte[] body) {
        byte[] head = head(path, body.length);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    private static String statusOrEnd(InputStream in) {
        try {
            String status = line(in);
            return status == null ? "closed" : status.split(" ")[1];
        } catch (SocketTimeoutException e) {
            return "no-answer";
        } catch (IOException e) {
            return "reset";
        }
    }

    /** One response: its status code, whether the server closes the connection after it, and its body. */
    private record Response(String status, boolean closes, String body) {
    }

    /** Status line, headers and the Content-Length body of one response. */
    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("closed");
        }
        int length = 0;
        boolean closes = false;
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        return new Response(statusLine.split(" ")[1], closes, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** One CRLF-terminated line without its terminator; null at the end of the stream before any byte. */
    public static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private SSLSocket connect() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.startHandshake();
        return socket;
    }

    private static void closeQuietly(SSLSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
