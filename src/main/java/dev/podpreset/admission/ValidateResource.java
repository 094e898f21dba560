package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The validating webhook endpoint for PodPresets and ClusterPodPresets. CPU-only, on the I/O thread. */
@Path("/validate")
public class ValidateResource {
    @Inject
    PresetAdmissionValidator validator;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode validate(byte[] body) {
        return validator.validate(body);
    }
}
