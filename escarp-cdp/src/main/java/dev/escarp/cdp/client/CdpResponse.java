package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An inbound answer to command {@code id}: exactly one of {@code result} and {@code error} is set. */
record CdpResponse(long id, ObjectNode result, ObjectNode error) {}
