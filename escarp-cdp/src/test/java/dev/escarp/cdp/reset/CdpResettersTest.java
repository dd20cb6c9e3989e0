package dev.escarp.cdp.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CdpResettersTest {

  @Test
  void eachStockResetter_resetsWithItsPolicy() {
    try (CdpSlotResetter clean = CdpResetters.clean(); CdpSlotResetter tabs = CdpResetters.tabs();
        CdpSlotResetter named = CdpResetters.of(ResetPolicy.CLEAN)) {
      assertEquals(ResetPolicy.CLEAN, clean.policy());
      assertEquals(ResetPolicy.TABS, tabs.policy());
      assertEquals(ResetPolicy.CLEAN, named.policy());
    }
  }
}
