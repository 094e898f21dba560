package dev.podpreset.drift;

/** Why a workload is not restarted for a preset, with the note logs and messages give. */
public enum RestartRefusal {
    RESTARTS_DISABLED_IN_NAMESPACE("restarts are disabled in its namespace (podpreset.dev/restart: disabled)"),
    NOT_RESTARTABLE("only Deployments, StatefulSets and DaemonSets are restarted"),
    ALREADY_RESTARTED("already restarted for this generation of the preset"),
    PAUSED_DEPLOYMENT("the Deployment is paused"),
    NO_POD_TEMPLATE("it has no pod template"),
    PODS_WOULD_BE_REJECTED("its pods would be rejected"),
    WOULD_CONFLICT("the preset would conflict with its pod template"),
    NOT_SELECTED("the preset does not select its pod template");

    private final String note;

    RestartRefusal(String note) {
        this.note = note;
    }

    public String note() {
        return note;
    }
}
