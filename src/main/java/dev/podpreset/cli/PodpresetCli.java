package dev.podpreset.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * The {@code podpreset} command line: plain picocli, so that inject, explain, test, validate, version,
 * completion and uninstall start in well under a second without Quarkus. {@code serve} and
 * {@code controller} only ask for a server ({@link #server()}); no arguments at all means {@code serve},
 * as the image's entrypoint expects. An unknown subcommand or option is a usage error (exit 2).
 */
@Command(name = "podpreset", versionProvider = BuildInfo.class, sortOptions = false,
        description = "PodPreset for Kubernetes: the admission webhook, its controller, and tools to preview, "
                + "test and validate presets offline.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "No command runs 'serve'. 'podpreset COMMAND --help' describes each command."})
public final class PodpresetCli implements Callable<Integer> {
    /** Which Quarkus component a command asked for, and the command that asks for it. */
    public enum Server {
        WEBHOOK(ServerCommand.SERVE), CONTROLLER(ServerCommand.CONTROLLER);

        private final String command;

        Server(String command) {
            this.command = command;
        }

        /** The server a command line of that command alone asks for, or null. */
        static Server askedAlone(String[] line) {
            if (line.length == 1) {
                for (Server server : values()) {
                    if (line[0].equals(server.command)) {
                        return server;
                    }
                }
            }
            return null;
        }
    }

    @Mixin
    HelpOption help;

    @CommandLine.Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Spec
    CommandSpec spec;

    private final CliContext context;
    private Server server;
    private int exitCode;

    private PodpresetCli(CliContext context) {
        this.context = context;
    }

    /** Runs one command line; afterwards {@link #server()} tells whether a server is to be started. */
    public static PodpresetCli run(String[] args, CliContext context) {
        PodpresetCli cli = new PodpresetCli(context);
        String[] line = args.length == 0 ? new String[] {Server.WEBHOOK.command} : args;
        // The Deployments' command lines: nothing to parse, and building the whole command tree would only
        // delay the server's start.
        Server alone = Server.askedAlone(line);
        if (alone != null) {
            cli.requestServer(alone);
            cli.exitCode = ExitCodes.OK;
            return cli;
        }
        cli.exitCode = commandLine(cli, context).execute(line);
        return cli;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The component to start, or null when the command ran on its own. */
    public Server server() {
        return server;
    }

    void requestServer(Server requested) {
        this.server = requested;
    }

    static CommandLine commandLine(PodpresetCli cli, CliContext context) {
        CommandLine cl = new CommandLine(cli)
                .addSubcommand(new ServerCommand.Serve(cli))
                .addSubcommand(new ServerCommand.Controller(cli))
                .addSubcommand(new InjectCommand(context))
                .addSubcommand(new ExplainCommand(context))
                .addSubcommand(new TestCommand(context))
                .addSubcommand(new ValidateCommand(context))
                .addSubcommand(new VersionCommand(context))
                .addSubcommand(new CompletionCommand(context))
                .addSubcommand(new UninstallCommand(context));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(context.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(context.err(), true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + name + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure failure) {
                String name = commandLine.getCommandSpec().qualifiedName();
                context.err().println(name + ": " + failure.getMessage());
                if (failure.usage()) {
                    context.err().println("Run '" + name + " --help' for usage.");
                }
                return failure.exitCode();
            }
            throw e;
        });
        return cl;
    }

    /** Options but no command (as in {@code podpreset --}): a usage error. */
    @Override
    public Integer call() {
        context.err().println("podpreset: a command is required");
        spec.commandLine().usage(context.err());
        return ExitCodes.USAGE;
    }
}
