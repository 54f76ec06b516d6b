package dev.lropoller.bench.vertex;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.httpjson.ApiMethodDescriptor;
import com.google.api.gax.httpjson.HttpJsonCallSettings;
import com.google.api.gax.httpjson.HttpJsonCallableFactory;
import com.google.api.gax.httpjson.InstantiatingHttpJsonChannelProvider;
import com.google.api.gax.httpjson.ProtoMessageRequestFormatter;
import com.google.api.gax.httpjson.ProtoMessageResponseParser;
import com.google.api.gax.httpjson.ProtoRestSerializer;
import com.google.api.gax.httpjson.longrunning.stub.OperationsStubSettings;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ClientContext;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.aiplatform.v1.GetTrainingPipelineRequest;
import com.google.cloud.aiplatform.v1.TrainingPipeline;
import com.google.cloud.aiplatform.v1.stub.PipelineServiceStubSettings;
import com.google.protobuf.TypeRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PipelineService.GetTrainingPipeline} over gax's HTTP/JSON transport, for one endpoint.
 * Google's Java {@code PipelineServiceClient} (google-cloud-aiplatform) speaks gRPC only, and the
 * emulator speaks REST, so this is the callable a REST stub of that client would hold, built from
 * gax-httpjson's public parts: the method's REST binding ({@code GET
 * /v1/{name=projects/*\/locations/*\/trainingPipelines/*}}, {@code $alt=json;enum-encoding=int}),
 * Google's {@code TrainingPipeline} message as the parsed answer, and the call settings gax ships
 * for the method ({@code PipelineServiceStubSettings.newBuilder().getTrainingPipelineSettings()}).
 */
final class TrainingPipelineGet implements AutoCloseable {
  private final ClientContext context;
  private final UnaryCallable<GetTrainingPipelineRequest, TrainingPipeline> callable;

  /**
   * A callable on this endpoint, with gax's default executor and HTTP transport, no credentials.
   *
   * @param endpoint such as {@code http://127.0.0.1:54321}
   * @throws IOException if gax cannot build its transport
   */
  TrainingPipelineGet(URI endpoint) throws IOException {
    context = ClientContext.create(OperationsStubSettings.newBuilder()
        .setTransportChannelProvider(InstantiatingHttpJsonChannelProvider.newBuilder()
            .setEndpoint(endpoint.toString()).build())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .build());
    HttpJsonCallSettings<GetTrainingPipelineRequest, TrainingPipeline> http =
        HttpJsonCallSettings.<GetTrainingPipelineRequest, TrainingPipeline>newBuilder()
            .setMethodDescriptor(METHOD)
            .setTypeRegistry(TypeRegistry.getEmptyTypeRegistry())
            .build();
    callable = HttpJsonCallableFactory.createUnaryCallable(http, gaxSettings().build(), context);
  }

  /**
   * The call settings gax ships for GetTrainingPipeline.
   *
   * @return a builder holding them
   */
  static UnaryCallSettings.Builder<GetTrainingPipelineRequest, TrainingPipeline> gaxSettings() {
    return PipelineServiceStubSettings.newBuilder().getTrainingPipelineSettings();
  }

  /**
   * The retry settings gax ships for GetTrainingPipeline, as a loop's author would read them.
   *
   * @return the settings
   */
  static RetrySettings gaxRetrySettings() {
    return gaxSettings().getRetrySettings();
  }

  /**
   * The callable: {@code call(request)} blocks, {@code futureCall(request)} does not.
   *
   * @return the callable
   */
  UnaryCallable<GetTrainingPipelineRequest, TrainingPipeline> callable() {
    return callable;
  }

  private static final ApiMethodDescriptor<GetTrainingPipelineRequest, TrainingPipeline> METHOD =
      ApiMethodDescriptor.<GetTrainingPipelineRequest, TrainingPipeline>newBuilder()
          .setFullMethodName("google.cloud.aiplatform.v1.PipelineService/GetTrainingPipeline")
          .setHttpMethod("GET")
          .setType(ApiMethodDescriptor.MethodType.UNARY)
          .setRequestFormatter(ProtoMessageRequestFormatter.<GetTrainingPipelineRequest>newBuilder()
              .setPath("/v1/{name=projects/*/locations/*/trainingPipelines/*}", request -> {
                Map<String, String> fields = new HashMap<>();
                ProtoRestSerializer.<GetTrainingPipelineRequest>create()
                    .putPathParam(fields, "name", request.getName());
                return fields;
              })
              .setQueryParamsExtractor(request -> {
                Map<String, List<String>> fields = new HashMap<>();
                ProtoRestSerializer.<GetTrainingPipelineRequest>create()
                    .putQueryParam(fields, "$alt", "json;enum-encoding=int");
                return fields;
              })
              .setRequestBodyExtractor(request -> null)
              .build())
          .setResponseParser(ProtoMessageResponseParser.<TrainingPipeline>newBuilder()
              .setDefaultInstance(TrainingPipeline.getDefaultInstance())
              .setDefaultTypeRegistry(TypeRegistry.getEmptyTypeRegistry())
              .build())
          .build();

  /** Shuts gax's executor and transport down. */
  @Override
  public void close() throws Exception {
    for (com.google.api.gax.core.BackgroundResource r : context.getBackgroundResources()) {
      r.shutdownNow();
    }
  }
}
