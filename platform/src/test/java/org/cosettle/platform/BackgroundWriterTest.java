package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BackgroundWriterTest {
  @Test
  void manyChunksArriveWholeAndInOrder() throws Exception {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    int chunks;
    try (BackgroundWriter out = new BackgroundWriter((b, n) -> target.write(b, 0, n))) {
      for (int i = 0; i < 300_000; i++) {
        String row = "行 " + i + ",\n";
        out.rows().text(row);
        expected.append(row);
        out.rowEnded();
      }
      out.finish();
    }
    assertEquals(expected.toString(), target.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyChunkEndsWithARow() throws Exception {
    StringBuilder seen = new StringBuilder();
    try (BackgroundWriter out = new BackgroundWriter((b, n) -> {
      assertEquals('\n', b[n - 1]);
      seen.append(new String(b, 0, n, StandardCharsets.UTF_8));
    })) {
      for (int i = 0; i < 200_000; i++) {
        out.rows().text("医院" + i).ascii('\n');
        out.rowEnded();
      }
      out.finish();
    }
    assertEquals(200_000, seen.chars().filter(c -> c == '\n').count());
  }

  @Test
  void aFailingTargetFailsTheProducer() {
    IOException e = assertThrows(IOException.class, () -> {
      try (BackgroundWriter out = new BackgroundWriter((b, n) -> {
        throw new IOException("disk full");
      })) {
        out.rows().ascii('x');
        out.finish();
      }
    });
    assertEquals("disk full", e.getMessage());
  }
}
