package dev.podpreset.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.podpreset.TemporaryDirectories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * charts/podpreset-injector as the tests render it with helm-java. helm-java's template has no --kube-version and
 * assumes Kubernetes 1.20, which the chart's {@code kubeVersion} refuses, so it renders a copy of the chart without
 * that line (the helm binary assumes its own client version, which the chart accepts); every other byte is the
 * chart's.
 */
public final class Chart {
    public static final Path DIR = Path.of("charts", "podpreset-injector");
    public static final String RELEASE = "podpreset-injector";
    public static final String NAMESPACE = "podpreset-system";

    private static Path renderable;

    private Chart() {
    }

    /** {@code helm template} of release {@value RELEASE} in {@code namespace}. */
    public static TemplateCommand template(String namespace) {
        return new Helm(renderable()).template().withName(RELEASE).withNamespace(namespace);
    }

    /** A copy of the chart, without {@code kubeVersion}, with {@code edit} applied to the text of every file. */
    static synchronized Path copy(UnaryOperator<String> edit) {
        try {
            Path copy = TemporaryDirectories.deletedAtExit("chart");
            try (Stream<Path> files = Files.walk(DIR)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        String text = Files.readString(source);
                        if (source.equals(DIR.resolve("Chart.yaml"))) {
                            text = text.replaceAll("(?m)^kubeVersion:.*\n", "");
                        }
                        Files.writeString(target, edit.apply(text));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path renderable() {
        if (renderable == null) {
            renderable = copy(UnaryOperator.identity());
        }
        return renderable;
    }
}
