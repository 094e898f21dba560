package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.LargeBodyPool;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The validating webhook endpoint for PodPresets and ClusterPodPresets. CPU-only: on the I/O thread, except
 * for a body over the offload threshold, which runs on the {@link LargeBodyPool}.
 */
@Path("/validate")
public class ValidateResource {
    @Inject
    PresetAdmissionValidator validator;
    @Inject
    LargeBodyPool largeBodies;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> validate(byte[] body) {
        return largeBodies.run(body, validator::validate);
    }
}
