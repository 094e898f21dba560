package dev.podpreset.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code podpreset completion bash|zsh}: a completion script for every subcommand and option, generated
 * by picocli from the command model. The same script serves zsh (it loads bashcompinit there).
 */
@Command(name = "completion", description = {"Print a shell completion script.",
        "bash: source <(podpreset completion bash)",
        "zsh:  source <(podpreset completion zsh)"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "bash|zsh", description = "the shell")
    Shell shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final CliContext context;

    CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        context.out().print(AutoComplete.bash(root.getCommandName(), root));
        context.out().flush();
        return ExitCodes.OK;
    }
}
