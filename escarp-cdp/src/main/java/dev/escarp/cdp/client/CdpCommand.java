package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An outbound command before encoding; {@code sessionId} is null for the connection's own target. */
record CdpCommand(long id, String method, ObjectNode params, String sessionId) {}
