package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The simulator host's environment asks glibc for transparent huge pages, once. */
class HugePagesTest {
  @Test
  void theTunableIsAddedToAnEmptyOrForeignSettingAndNotRepeated() {
    assertEquals("glibc.malloc.hugetlb=1", SubprocessModel.withHugePages(null));
    assertEquals("glibc.malloc.hugetlb=1", SubprocessModel.withHugePages(""));
    assertEquals("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1",
        SubprocessModel.withHugePages("glibc.malloc.arena_max=2"));
    assertEquals("glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2",
        SubprocessModel.withHugePages("glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2"));
  }
}
