package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

class BackgroundAppenderTest {
  @Test
  void manyChunksArriveWholeAndInOrder() throws Exception {
    StringWriter target = new StringWriter();
    StringBuilder expected = new StringBuilder();
    try (BackgroundAppender out = new BackgroundAppender(target)) {
      for (int i = 0; i < 300_000; i++) {
        String row = "row " + i + ",\n";
        out.buffer().append(row);
        expected.append(row);
        out.flushIfFull();
      }
      out.finish();
    }
    assertEquals(expected.toString(), target.toString());
  }

  @Test
  void aFailingTargetFailsTheProducer() {
    Writer broken = new Writer() {
      @Override
      public void write(char[] c, int off, int len) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    IOException e = assertThrows(IOException.class, () -> {
      try (BackgroundAppender out = new BackgroundAppender(broken)) {
        out.buffer().append("x");
        out.finish();
      }
    });
    assertEquals("disk full", e.getMessage());
  }
}
