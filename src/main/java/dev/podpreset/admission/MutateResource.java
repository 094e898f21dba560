package dev.podpreset.admission;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The mutating webhook endpoint. CPU-only work, so it runs on the I/O thread. */
@Path("/mutate")
public class MutateResource {
    @Inject
    PodMutator mutator;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] mutate(byte[] body) {
        return AdmissionResponses.reviewBytes(mutator.mutate(body));
    }
}
