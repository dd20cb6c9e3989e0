package dev.escarp.core.slot;

/**
 * The development ports handed to a slot's holder, so that parallel agents can run their own app
 * servers without colliding: frontend {@code 3000+10s}, backend {@code 8000+10s}, postgres
 * {@code 5432+10s}.
 */
public record DevPorts(int frontend, int backend, int postgres) {

  static DevPorts forSlot(int index) {
    return new DevPorts(3000 + 10 * index, 8000 + 10 * index, 5432 + 10 * index);
  }
}
