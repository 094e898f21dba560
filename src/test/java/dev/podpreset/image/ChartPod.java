package dev.podpreset.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.TemplateCommand;
import dev.podpreset.deploy.Chart;
import dev.podpreset.deploy.Manifests;
import io.fabric8.kubernetes.api.model.Quantity;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pod of the chart, rendered with helm-java, as podman runs it: the container's user, groups, read-only root,
 * capabilities, no-new-privileges, memory limit and CPU shares, environment, arguments and volumes become podman
 * options. So the container suite runs the image exactly as the chart configures it, and a field the
 * translation does not know fails here instead of being left out silently. Scheduling fields (affinity,
 * tolerations and the like) and the image reference have no meaning on one machine and are ignored.
 */
public final class ChartPod {

    private static final Set<String> POD_FIELDS = Set.of("serviceAccountName", "terminationGracePeriodSeconds",
            "hostNetwork", "dnsPolicy", "securityContext", "containers", "volumes", "restartPolicy", "affinity",
            "topologySpreadConstraints", "nodeSelector", "tolerations", "priorityClassName", "imagePullSecrets");
    private static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "imagePullPolicy", "args", "ports",
            "env", "resources", "readinessProbe", "livenessProbe", "securityContext", "volumeMounts");
    private static final Set<String> POD_SECURITY = Set.of("runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup",
            "seccompProfile");
    private static final Set<String> CONTAINER_SECURITY = Set.of("allowPrivilegeEscalation", "readOnlyRootFilesystem",
            "runAsNonRoot", "runAsUser", "capabilities", "seccompProfile");

    private final Manifests objects;
    private final JsonNode pod;
    private final JsonNode container;

    private ChartPod(Manifests objects, JsonNode pod) {
        this.objects = objects;
        this.pod = pod;
        JsonNode containers = pod.path("containers");
        if (containers.size() != 1) {
            throw new IllegalStateException("one container per pod expected, the chart has " + containers.size());
        }
        this.container = containers.get(0);
        checkKnown("pod spec", pod, POD_FIELDS);
        checkKnown("container", container, CONTAINER_FIELDS);
    }

    /**
     * Renders the chart (release {@value Chart#RELEASE} in {@value Chart#NAMESPACE}) with {@code values} set and takes the pod
     * template of the workload of that kind and name.
     */
    public static ChartPod render(String kind, String name, Map<String, Object> values) {
        TemplateCommand command = Chart.template(Chart.NAMESPACE);
        for (Map.Entry<String, Object> value : values.entrySet()) {
            command = command.set(value.getKey(), value.getValue());
        }
        Manifests objects = Manifests.parse(command.call());
        return new ChartPod(objects, objects.get(kind, name).at("/spec/template/spec"));
    }

    /** Every object of the render this pod's workload comes from. */
    public Manifests objects() {
        return objects;
    }

    public List<String> args() {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    public String env(String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new IllegalStateException("the chart sets no " + name);
    }

    public long memoryLimitBytes() {
        return bytes(container.at("/resources/limits/memory"));
    }

    public long memoryRequestBytes() {
        return bytes(container.at("/resources/requests/memory"));
    }

    public int terminationGracePeriodSeconds() {
        return pod.path("terminationGracePeriodSeconds").asInt(30);
    }

    /** The readiness probe's path. */
    public String readinessPath() {
        return container.at("/readinessProbe/httpGet/path").asText();
    }

    /** The port the readiness probe asks. */
    public int readinessPort() {
        return containerPort(container.at("/readinessProbe/httpGet/port").asText());
    }

    /** A port of the container by its name. */
    public int containerPort(String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new IllegalStateException("the container has no port " + name);
    }

    public int runAsUser() {
        return container.at("/securityContext/runAsUser").asInt(pod.at("/securityContext/runAsUser").asInt());
    }

    public int runAsGroup() {
        return pod.at("/securityContext/runAsGroup").asInt();
    }

    public int fsGroup() {
        return pod.at("/securityContext/fsGroup").asInt();
    }

    /**
     * The podman options that run this pod's container as the kubelet would: {@code secrets} gives the host directory
     * holding each secret volume's files, and every emptyDir gets a new world-writable directory under
     * {@code emptyDirs}, as the kubelet makes it.
     */
    public List<String> podmanOptions(Map<String, Path> secrets, Path emptyDirs) throws IOException {
        List<String> options = new ArrayList<>(Podman.ULIMITS);
        options.addAll(List.of("--network", "host"));
        securityOptions(options);
        resourceOptions(options);
        for (JsonNode e : container.path("env")) {
            options.addAll(List.of("--env", e.path("name").asText() + "=" + envValue(e)));
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        for (JsonNode mount : container.path("volumeMounts")) {
            checkKnown("volumeMount", mount, Set.of("name", "mountPath", "readOnly"));
            String name = mount.path("name").asText();
            JsonNode volume = volumes.get(name);
            String target = mount.path("mountPath").asText();
            if (volume.has("emptyDir") && volume.path("emptyDir").isEmpty()) {
                Path dir = Files.createDirectories(emptyDirs.resolve(name));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                options.addAll(List.of("--volume", dir + ":" + target + (mount.path("readOnly").asBoolean() ? ":ro" : "")));
            } else if (volume.has("secret")) {
                Path dir = secrets.get(name);
                if (dir == null) {
                    throw new IllegalStateException("no files given for the secret volume " + name);
                }
                options.addAll(List.of("--volume", dir + ":" + target + ":ro"));
            } else {
                throw new IllegalStateException("volume " + name + " is neither an emptyDir nor a secret: " + volume);
            }
        }
        return options;
    }

    private void securityOptions(List<String> options) {
        JsonNode podSecurity = pod.path("securityContext");
        JsonNode security = container.path("securityContext");
        checkKnown("pod securityContext", podSecurity, POD_SECURITY);
        checkKnown("container securityContext", security, CONTAINER_SECURITY);
        if (runAsUser() <= 0 || !podSecurity.has("runAsGroup")
                || !security.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean())) {
            throw new IllegalStateException("the chart must run as a non-root user and group: " + podSecurity + " " + security);
        }
        options.addAll(List.of("--user", runAsUser() + ":" + runAsGroup()));
        if (podSecurity.has("fsGroup")) {
            options.addAll(List.of("--group-add", podSecurity.path("fsGroup").asText()));
        }
        for (JsonNode seccomp : List.of(podSecurity.path("seccompProfile"), security.path("seccompProfile"))) {
            if (!seccomp.isMissingNode() && !"RuntimeDefault".equals(seccomp.path("type").asText())) {
                throw new IllegalStateException("seccompProfile other than RuntimeDefault: " + seccomp);
            }
        }
        // podman's default seccomp profile is the runtime default
        if (security.path("readOnlyRootFilesystem").asBoolean()) {
            // without podman's own writable /tmp, /run and /var/tmp: the chart mounts what it needs
            options.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        if (security.has("allowPrivilegeEscalation") && !security.path("allowPrivilegeEscalation").asBoolean()) {
            options.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        JsonNode capabilities = security.path("capabilities");
        checkKnown("capabilities", capabilities, Set.of("drop", "add"));
        capabilities.path("drop").forEach(c -> options.addAll(List.of("--cap-drop", c.asText())));
        capabilities.path("add").forEach(c -> options.addAll(List.of("--cap-add", c.asText())));
    }

    private void resourceOptions(List<String> options) {
        JsonNode resources = container.path("resources");
        checkKnown("resources", resources, Set.of("requests", "limits"));
        checkKnown("resources.limits", resources.path("limits"), Set.of("memory", "cpu"));
        checkKnown("resources.requests", resources.path("requests"), Set.of("memory", "cpu"));
        if (resources.at("/limits/memory").isMissingNode()) {
            throw new IllegalStateException("the chart sets no memory limit");
        }
        // the kubelet runs containers without swap: limit and memory+swap limit are the same
        String limit = Long.toString(memoryLimitBytes());
        options.addAll(List.of("--memory", limit, "--memory-swap", limit));
        JsonNode cpuRequest = resources.at("/requests/cpu");
        if (!cpuRequest.isMissingNode()) {
            // as the kubelet sets cpu.shares: 1024 per CPU requested
            options.addAll(List.of("--cpu-shares", Long.toString(Quantity.getAmountInBytes(new Quantity(cpuRequest.asText()))
                    .multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.DOWN).longValueExact())));
        }
        JsonNode cpuLimit = resources.at("/limits/cpu");
        if (!cpuLimit.isMissingNode()) {
            options.addAll(List.of("--cpus", Quantity.getAmountInBytes(new Quantity(cpuLimit.asText())).toPlainString()));
        }
    }

    private static String envValue(JsonNode e) {
        if (e.has("value")) {
            return e.path("value").asText();
        }
        String field = e.at("/valueFrom/fieldRef/fieldPath").asText();
        if (field.equals("metadata.namespace")) {
            return Chart.NAMESPACE;
        }
        throw new IllegalStateException("environment variable from an unknown source: " + e);
    }

    private static long bytes(JsonNode quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity.asText())).longValueExact();
    }

    private static void checkKnown(String what, JsonNode node, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new IllegalStateException(what + " has " + field + ", which the container suite does not translate "
                        + "into podman options (dev.podpreset.image.ChartPod): " + node);
            }
        }
    }
}
