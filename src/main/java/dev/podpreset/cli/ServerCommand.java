package dev.podpreset.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code serve} and {@code controller}: the two commands that start the Quarkus application. They only
 * record which component was asked for; {@code dev.podpreset.Main} starts it once the command line has
 * been parsed, so no other command ever loads Quarkus.
 */
abstract class ServerCommand implements Callable<Integer> {
    static final String SERVE = "serve";
    static final String CONTROLLER = "controller";

    @Mixin
    HelpOption help;

    private final PodpresetCli cli;

    ServerCommand(PodpresetCli cli) {
        this.cli = cli;
    }

    abstract PodpresetCli.Server server();

    @Override
    public Integer call() {
        cli.requestServer(server());
        return ExitCodes.OK;
    }

    @Command(name = SERVE, description = {"Run the admission webhook (/mutate, /validate) over HTTPS.",
            "What the image runs with no arguments and the webhook Deployment runs (args: [serve]). Configured "
                    + "by podpreset.* and quarkus.* properties (see the README), not by options."})
    static final class Serve extends ServerCommand {
        Serve(PodpresetCli cli) {
            super(cli);
        }

        @Override
        PodpresetCli.Server server() {
            return PodpresetCli.Server.WEBHOOK;
        }
    }

    @Command(name = CONTROLLER, description = {"Run the controller component (sets podpreset.controller.enabled=true).",
            "What the controller Deployment runs (args: [controller])."})
    static final class Controller extends ServerCommand {
        Controller(PodpresetCli cli) {
            super(cli);
        }

        @Override
        PodpresetCli.Server server() {
            return PodpresetCli.Server.CONTROLLER;
        }
    }
}
