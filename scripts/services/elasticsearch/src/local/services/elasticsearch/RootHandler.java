/*
 * The handler of `GET /` and `HEAD /` for the Elasticsearch integ-test distribution.
 *
 * The distribution that Maven Central serves (org.elasticsearch.distribution.integ-test-zip) is the
 * genuine server with only the transport-netty4, x-pack-core, x-pack-security and apm modules. It
 * lacks the `rest-root` module, so `GET /` (client.info()) and `HEAD /` (client.ping()) answer 405.
 * This handler answers them with the same body as the real module: node and cluster name, cluster
 * UUID, a version block with build_flavor "default", and the tagline.
 *
 * es8/RestRootPlugin.java registers it (ActionPlugin#getRestHandlers of Elasticsearch 8.x).
 * elasticsearch.sh installs the jar as the module `local-rest-root`.
 */
package local.services.elasticsearch;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.Metadata;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.List;
import java.util.function.Supplier;

public final class RootHandler extends BaseRestHandler {
    private final Supplier<ClusterService> clusterService;

    public RootHandler(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "main_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
    }

    @Override
    public boolean canTripCircuitBreaker() {
        return false;
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        return channel -> {
            ClusterService cs = clusterService.get();
            ClusterState state = cs.state();
            Metadata metadata = state.metadata();
            Build build = Build.current();
            XContentBuilder b = channel.newBuilder();
            if (request.hasParam("pretty") == false) {
                b.prettyPrint().lfAtEnd(); // like the real endpoint: pretty unless ?pretty=false
            }
            b.startObject();
            b.field("name", cs.getNodeName());
            b.field("cluster_name", state.getClusterName().value());
            b.field("cluster_uuid", metadata.clusterUUIDCommitted() ? metadata.clusterUUID() : Metadata.UNKNOWN_CLUSTER_UUID);
            b.startObject("version");
            b.field("number", build.qualifiedVersion());
            b.field("build_flavor", "default");
            b.field("build_type", build.type().displayName());
            b.field("build_hash", build.hash());
            b.field("build_date", build.date());
            b.field("build_snapshot", build.isSnapshot());
            b.field("lucene_version", luceneVersion());
            b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
            b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
            b.endObject();
            b.field("tagline", "You Know, for Search");
            b.endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, b));
        };
    }

    // IndexVersion.current().luceneVersion(), through reflection so that compiling needs no Lucene jar
    private static String luceneVersion() {
        try {
            return String.valueOf(IndexVersion.class.getMethod("luceneVersion").invoke(IndexVersion.current()));
        } catch (ReflectiveOperationException e) {
            return "unknown";
        }
    }
}
