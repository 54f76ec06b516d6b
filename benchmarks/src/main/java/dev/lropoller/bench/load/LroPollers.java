package dev.lropoller.bench.load;

import dev.lropoller.OperationPoller;
import dev.lropoller.PollPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Builds the lro-poller contender's poller the way users will:
 * {@code GoogleOperationPoller.builder().endpoint(uri).noCredentials().policy(p).scheduler(s)
 * .httpClient(c).build()}. Until that builder is on the classpath it is called reflectively and,
 * when absent, the engine runs on {@link BenchOnlyNettyTransport}; {@link #how()} says which.
 */
final class LroPollers {
  static final String BUILDER_CLASS = "dev.lropoller.reactor.GoogleOperationPoller";

  private LroPollers() {}

  /** {@code "GoogleOperationPoller"} or {@code "BenchOnlyNettyTransport"}. */
  static String how() {
    try {
      Class.forName(BUILDER_CLASS);
      return "GoogleOperationPoller";
    } catch (ClassNotFoundException e) {
      return "BenchOnlyNettyTransport (GoogleOperationPoller not on the classpath)";
    }
  }

  static OperationPoller create(
      URI endpoint, HttpClient http, PollPolicy policy, Scheduler scheduler) {
    Class<?> type;
    try {
      type = Class.forName(BUILDER_CLASS);
    } catch (ClassNotFoundException e) {
      return OperationPoller.builder(new BenchOnlyNettyTransport(http.baseUrl(endpoint.toString())))
          .policy(policy).scheduler(scheduler).build();
    }
    try {
      Object b = type.getMethod("builder").invoke(null);
      b = call(b, "endpoint", URI.class, endpoint);
      b = b.getClass().getMethod("noCredentials").invoke(b);
      b = call(b, "policy", PollPolicy.class, policy);
      b = call(b, "scheduler", Scheduler.class, scheduler);
      b = call(b, "httpClient", HttpClient.class, http);
      return (OperationPoller) b.getClass().getMethod("build").invoke(b);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("GoogleOperationPoller.builder() failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("GoogleOperationPoller does not match the contract", e);
    }
  }

  private static Object call(Object builder, String method, Class<?> arg, Object value)
      throws ReflectiveOperationException {
    Method m = builder.getClass().getMethod(method, arg);
    return m.invoke(builder, value);
  }
}
