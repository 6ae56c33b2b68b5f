package org.cosettle.crypto.ot;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;

/** Runs two parties over an in-memory channel, the first on a second thread. */
public final class TwoParty {
  public record Results<A, B>(A first, B second, InMemoryChannel firstChannel, InMemoryChannel secondChannel) {}

  private TwoParty() {}

  public static <A, B> Results<A, B> run(Function<Channel, A> first, Function<Channel, B> second) {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(20));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<A> firstResult = executor.submit(() -> first.apply(pair.first()));
      B secondResult = second.apply(pair.second());
      return new Results<>(firstResult.get(), secondResult, pair.first(), pair.second());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      executor.shutdownNow();
    }
  }
}
