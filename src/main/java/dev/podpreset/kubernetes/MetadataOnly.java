package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.Interceptor.RequestTags;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;

import java.util.Set;

/**
 * Lists and watches that ask the API server for the objects' metadata only ({@code PartialObjectMetadata}, what
 * client-go's metadata informers use): no spec and no status is sent or decoded, a fraction of a pod's bytes. fabric8
 * has no such requests; here the Accept header of the GETs of the given collections asks for them, with plain JSON
 * after it, which an API server without them answers (the fabric8 mock server does): the objects then come in full
 * and are cached the same way. Either way they reach the informer as its own type; metadata-only ones have neither
 * spec nor status.
 */
public final class MetadataOnly {
    static final String LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    static final String WATCH = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    private MetadataOnly() {
    }

    /**
     * A client on {@code shared}'s connections and configuration whose lists and watches of the collections at
     * {@code paths} (such as {@code /api/v1/pods}) ask for metadata only. It shares {@code shared}'s HTTP client, so
     * it is never closed on its own: closing {@code shared} ends both.
     */
    public static KubernetesClient client(KubernetesClient shared, Set<String> paths) {
        return new KubernetesClientImpl(shared.getHttpClient().newBuilder()
                .addOrReplaceInterceptor("podpreset-metadata-only", interceptor(paths)).build(), shared.getConfiguration());
    }

    /** Sets the Accept header of a GET of one of {@code paths}: a watch asks for objects, a list for a list. */
    static Interceptor interceptor(Set<String> paths) {
        return new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if ("GET".equals(request.method()) && paths.contains(request.uri().getPath())) {
                    String query = request.uri().getRawQuery();
                    boolean watch = query != null && ("&" + query + "&").contains("&watch=true&");
                    builder.setHeader("Accept", watch ? WATCH : LIST);
                }
            }
        };
    }
}
