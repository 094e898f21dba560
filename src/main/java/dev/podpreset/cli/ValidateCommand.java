package dev.podpreset.cli;

import dev.podpreset.presets.PresetDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code podpreset validate}: checks preset files offline with the validator {@code /validate} uses
 * ({@link dev.podpreset.presets.PresetDocuments}): every problem on its own line with the file and line,
 * the document, the preset and each field with its reason; documents of other kinds are listed as
 * skipped. A path without any preset is a problem too (a wrong path must not pass).
 */
@Command(name = "validate", description = "Validate PodPreset and ClusterPodPreset files offline, as the "
        + "validating webhook would.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every preset is valid", "1:a preset is invalid, a file cannot be parsed, or a path holds no preset",
                "2:wrong command line"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
            description = "preset files, or directories whose *.yaml, *.yml, *.json files are read")
    List<String> paths;

    private final CliContext context;

    ValidateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliFailure {
        int valid = 0;
        int problems = 0;
        for (String path : paths) {
            PresetDirectory.Contents contents = FilePresets.read(path, context);
            valid += contents.presets().size();
            for (String skipped : contents.skipped()) {
                context.out().println("skipped: " + skipped);
            }
            for (String problem : contents.problems()) {
                context.out().println("error: " + problem);
                problems++;
            }
            if (contents.presets().isEmpty() && contents.invalid().isEmpty() && contents.problems().isEmpty()) {
                context.out().println("error: " + path + ": no PodPreset or ClusterPodPreset");
                problems++;
            }
        }
        context.out().println(valid + " valid preset" + (valid == 1 ? "" : "s") + ", " + problems + " problem"
                + (problems == 1 ? "" : "s"));
        context.out().flush();
        return problems == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
