package dev.podpreset.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One hostile flood against the webhook over HTTPS (loopback), for {@code src/jmh/hostile.sh}: N
 * connections at once each POST a valid AdmissionReview of a pod padded with env vars to the given size
 * to {@code /mutate}; with {@code --stall} each sends all but the last 64 KiB of it and then waits. Meanwhile
 * a probe sends the small review on a keep-alive connection every 100 ms, during the flood and for
 * {@code --after-secs} after it. Prints one line: the answers the flood got (status codes, or how the
 * connection ended), how long the slowest flood connection lasted, and the probe's answers during and after.
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
    private final int[] probeDuring = new int[2];
    private final int[] probeAfter = new int[2];
    private long probeMaxMs;

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
        flood.run(Integer.parseInt(opts.get("connections")), Long.parseLong(opts.get("bytes")), opts.containsKey("stall"),
                Integer.parseInt(opts.getOrDefault("stall-secs", "40")), Integer.parseInt(opts.getOrDefault("after-secs", "5")));
    }

    private void run(int connections, long bytes, boolean stall, int stallSecs, int afterSecs) throws Exception {
        byte[] body = paddedReview(bytes);
        Thread probe = new Thread(this::probe, "probe");
        probe.start();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] senders = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            senders[i] = new Thread(() -> floodOne(start, body, stall, stallSecs), "flood-" + i);
            senders[i].start();
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(stallSecs + 90));
        }
        floodRunning = false;
        Thread.sleep(TimeUnit.SECONDS.toMillis(afterSecs));
        probing = false;
        probe.join(TIMEOUT_MS);
        System.out.printf("flood %s  slowest_flood_connection_s %.1f  probe_during %d/%d  probe_after %d/%d  probe_max_ms %d%n",
                new TreeMap<>(floodResults), slowestFloodMs.get() / 1000.0, probeDuring[0], probeDuring[1],
                probeAfter[0], probeAfter[1], probeMaxMs);
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
        floodResults.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
    }

    private void probe() {
        SSLSocket socket = null;
        while (probing) {
            long t0 = System.nanoTime();
            boolean ok;
            boolean during = floodRunning;
            try {
                if (socket == null) {
                    socket = connect();
                    socket.setSoTimeout(TIMEOUT_MS);
                }
                OutputStream out = socket.getOutputStream();
                out.write(head("/mutate", probeBody.length));
                out.write(probeBody);
                out.flush();
                ok = readResponse(socket.getInputStream()).contains("\"allowed\":true");
            } catch (Exception e) {
                ok = false;
            }
            if (!ok && socket != null) {
                closeQuietly(socket);
                socket = null;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            int[] counts = during ? probeDuring : probeAfter;
            counts[0] += ok ? 1 : 0;
            counts[1]++;
            probeMaxMs = Math.max(probeMaxMs, ms);
            sleep(100);
        }
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    private byte[] head(String path, long length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
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

    /** Status line, headers and the Content-Length body of one response, as text. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int length = 0;
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            text.append(line).append('\n');
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        return text.toString();
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
