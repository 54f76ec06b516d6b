package dev.lropoller.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code rawJson()} is the tree of {@code json()} as JSON text, escapes and numbers intact. */
class RawJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "{\"@type\":\"type.googleapis.com/google.cloud.automl.v1.Model\","
      + "\"name\":\"projects/p/locations/l/models/ICN9\",\"displayName\":\"fleurs \\\"été\\\"\\n\\u00e9\","
      + "\"labels\":{\"team\":\"a\"},\"big\":12345678901234567890,\"ratio\":0.25}";
  private static final String OPERATION = "{\"name\":\"projects/p/locations/l/operations/ICN1\","
      + "\"done\":true,\"response\":" + MODEL + "}";

  @Test
  void everyModelTypeGivesItsJsonAsText() throws Exception {
    Operation op = Operation.parse(OPERATION);
    ModelRef model = ResponseType.MODEL.read(op);
    DatasetRef dataset = DatasetRef.fromJson(JSON.readTree(
        "{\"name\":\"projects/p/locations/l/datasets/TBL1\",\"exampleCount\":42}"));
    BatchPredictResult batch = BatchPredictResult.fromJson(JSON.readTree("{\"metadata\":{\"k\":\"v\"}}"));

    assertThat(op.rawJson()).isEqualTo(OPERATION.replace("\\u00e9", "é"));
    assertThat(JSON.readTree(op.rawJson())).isEqualTo(op.json());
    assertThat(JSON.readTree(model.rawJson())).isEqualTo(model.json()).isEqualTo(JSON.readTree(MODEL));
    assertThat(model.rawJson()).startsWith("{\"@type\":").contains("12345678901234567890");
    assertThat(dataset.rawJson())
        .isEqualTo("{\"name\":\"projects/p/locations/l/datasets/TBL1\",\"exampleCount\":42}");
    assertThat(batch.rawJson()).isEqualTo("{\"metadata\":{\"k\":\"v\"}}");
  }
}
