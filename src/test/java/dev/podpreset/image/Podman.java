package dev.podpreset.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The podman of the container suite and the image it tests, both given by {@code src/container/test.sh}:
 * {@code -Dpodpreset.image.podman} is the command with its global options (storage, runtime, cgroup manager),
 * {@code -Dpodpreset.image} the image. Every container it starts is removed by {@link #removeAll()}.
 */
public final class Podman {
    /** podman's default open-files limit is too low here; the suite states both limits. */
    public static final List<String> ULIMITS = List.of("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096");

    private final List<String> command;
    private final String image;
    private final List<String> started = new CopyOnWriteArrayList<>();

    public record Result(int exit, String out, String err) {
    }

    private Podman(List<String> command, String image) {
        this.command = command;
        this.image = image;
    }

    public static Podman fromSystemProperties() {
        String command = System.getProperty("podpreset.image.podman");
        String image = System.getProperty("podpreset.image");
        if (command == null || image == null) {
            throw new IllegalStateException("the *ImageIT tests run from src/container/test.sh, which builds the image "
                    + "and sets -Dpodpreset.image and -Dpodpreset.image.podman");
        }
        return new Podman(Arrays.asList(command.trim().split("\\s+")), image);
    }

    public String image() {
        return image;
    }

    /** Runs {@code podman ARGS} to the end, feeding {@code stdin}; fails when it takes longer than {@code timeout}. */
    public Result exec(List<String> args, byte[] stdin, Duration timeout) {
        List<String> full = new ArrayList<>(command);
        full.addAll(args);
        try {
            Process p = new ProcessBuilder(full).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the command ended without reading its input; its exit code and output tell why
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("podman " + String.join(" ", args) + " still running after " + timeout);
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@link #exec} that must exit 0; returns its standard output, trimmed. */
    public String ok(String... args) {
        Result r = exec(List.of(args), new byte[0], Duration.ofMinutes(2));
        if (r.exit() != 0) {
            throw new AssertionError("podman " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out().trim();
    }

    /** {@code podman run -d OPTIONS IMAGE ARGS}: the new container's id. */
    public String start(List<String> options, List<String> args) {
        List<String> run = new ArrayList<>(List.of("run", "-d"));
        run.addAll(options);
        run.add(image);
        run.addAll(args);
        String id = ok(run.toArray(String[]::new));
        started.add(id);
        return id;
    }

    public String logs(String id) {
        Result r = exec(List.of("logs", id), new byte[0], Duration.ofSeconds(30));
        return r.out() + r.err();
    }

    public String inspect(String id, String format) {
        return ok("inspect", "--format", format, id);
    }

    /** The container's main process as the host sees it (0 when it is not running). */
    public long pid(String id) {
        return Long.parseLong(inspect(id, "{{.State.Pid}}"));
    }

    public void signal(String id, String signal) {
        ok("kill", "--signal", signal, id);
    }

    /** Waits until the container has exited; its exit code. */
    public int awaitExit(String id, Duration timeout) {
        Result r = exec(List.of("wait", id), new byte[0], timeout);
        if (r.exit() != 0) {
            throw new AssertionError("podman wait " + id + ": " + r.err());
        }
        return Integer.parseInt(r.out().trim());
    }

    /** Removes every container this instance started, running or not. */
    public void removeAll() {
        for (String id : started) {
            exec(List.of("rm", "--force", "--time", "0", id), new byte[0], Duration.ofMinutes(1));
        }
        started.clear();
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
