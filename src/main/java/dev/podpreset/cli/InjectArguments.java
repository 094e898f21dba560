package dev.podpreset.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line of {@code inject}.
 *
 * @param presetsDir the {@code --presets} directory, as given
 * @param files      the {@code -f} arguments in order; {@code -} is standard input
 * @param namespace  for manifests without {@code metadata.namespace}
 * @param explain    print the report instead of the manifests
 * @param help       print the usage and exit 0
 */
record InjectArguments(String presetsDir, List<String> files, String namespace, boolean explain, boolean help) {
    static final String DEFAULT_NAMESPACE = "default";

    static InjectArguments parse(String[] args) throws UsageException {
        String presets = null;
        List<String> files = new ArrayList<>();
        String namespace = null;
        boolean explain = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (name) {
                case "-h", "--help" -> {
                    return new InjectArguments(null, List.of(), DEFAULT_NAMESPACE, false, true);
                }
                case "--explain" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--explain takes no value");
                    }
                    explain = true;
                }
                case "--presets" -> {
                    if (presets != null) {
                        throw new UsageException("--presets given twice");
                    }
                    presets = inlineValue != null ? inlineValue : value(args, ++i, name);
                }
                case "-f", "--filename" -> files.add(inlineValue != null ? inlineValue : value(args, ++i, name));
                case "-n", "--namespace" -> {
                    if (namespace != null) {
                        throw new UsageException("--namespace given twice");
                    }
                    namespace = inlineValue != null ? inlineValue : value(args, ++i, name);
                }
                default -> throw new UsageException(arg.startsWith("-")
                        ? "unknown option " + name : "unexpected argument \"" + arg + "\" (input files need -f)");
            }
        }
        if (presets == null) {
            throw new UsageException("--presets DIR is required");
        }
        if (files.isEmpty()) {
            throw new UsageException("at least one -f FILE is required (-f - reads standard input)");
        }
        if (files.stream().filter("-"::equals).count() > 1) {
            throw new UsageException("-f - (standard input) given more than once");
        }
        if (namespace != null && namespace.isEmpty()) {
            throw new UsageException("--namespace must not be empty");
        }
        return new InjectArguments(presets, List.copyOf(files), namespace == null ? DEFAULT_NAMESPACE : namespace,
                explain, false);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
