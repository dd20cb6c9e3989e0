package dev.escarp.client;

/** {@code POST /pool/remove}'s answer. */
public record SlotRemoved(int slot) {}
