package dev.podpreset.admission;

import dev.podpreset.http.LargeBodyPool;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The mutating webhook endpoint. CPU-only work: on the I/O thread, except for a body over the offload
 * threshold, which runs on the {@link LargeBodyPool}.
 */
@Path("/mutate")
public class MutateResource {
    @Inject
    PodMutator mutator;
    @Inject
    LargeBodyPool largeBodies;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<byte[]> mutate(byte[] body) {
        return largeBodies.run(body, b -> AdmissionResponses.reviewBytes(mutator.mutate(b)));
    }
}
