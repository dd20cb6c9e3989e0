package dev.escarp.cdp.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The module's one ObjectMapper: configured once here and never changed, so sharing it is safe. */
final class Json {

  /**
   * Jackson refuses strings over 20 M chars by default; a screenshot's base64 {@code data} is
   * often longer. Message size is already bounded by {@link CdpClientOptions#maxMessageBytes()}.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());

  private Json() {}
}
