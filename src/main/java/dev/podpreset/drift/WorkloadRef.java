package dev.podpreset.drift;

/** An object that owns pods, by kind, namespace and name (a ReplicaSet, a Deployment, a Job...). */
public record WorkloadRef(String kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
