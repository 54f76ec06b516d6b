package dev.lropoller.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * On a {@code @SpringBootTest} class: starts an {@code AutoMlEmulator} (artifact
 * {@code lro-poller-testing}) on a random loopback port as a bean, closed with the test's
 * context, and points the auto-configured {@code OperationPoller} at it. Inject the emulator to
 * start scripted operations:
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
 * @AutoConfigureOperationEmulator
 * class TrainingTest {
 *   @Autowired AutoMlEmulator emulator;
 *
 *   @Test
 *   void streamsProgress() {
 *     String name = emulator.startOperation(OperationScript.builder(AutoMlRpc.CREATE_MODEL)
 *         .parent("projects/my-project/locations/us-central1").doneAfterPolls(4).build());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>It sets only what an emulator needs. The endpoint is always the emulator's
 * ({@link OperationEmulatorConfiguration}). The rest are properties ({@link EmulatorDefaults})
 * ranked above the application's own configuration ({@code application.yml}, system properties,
 * environment) and below the test's: a value the test sets itself
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource(properties = ...)},
 * {@code @DynamicPropertySource}) wins:
 *
 * <ul>
 *   <li>{@code lropoller.credentials.enabled=false}: no token is fetched, and a {@code fail-fast}
 *       check does not run;
 *   <li>a fast policy, {@link OperationEmulatorConfiguration#FAST_POLICY}:
 *       {@code lropoller.poll.initial-interval=10ms}, {@code multiplier=1}, {@code jitter=0},
 *       {@code first-poll-delay=0ms}, {@code timeout=1m};
 *   <li>{@code lropoller.max-requests-per-minute} unset (unlimited): a production per-project
 *       budget would only slow the test down, since the emulator enforces no quota unless the
 *       test gives it one ({@code AutoMlEmulator.builder().quotaPerMinute(n)}); set the property in
 *       the test to test the budget.
 * </ul>
 *
 * <p>Every other {@code lropoller.*} value of the application applies as configured
 * ({@code max-attempts}, {@code max-consecutive-failures}, {@code request-timeout},
 * {@code max-interval}, {@code max-in-flight}, ...).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(OperationEmulatorConfiguration.class)
public @interface AutoConfigureOperationEmulator {}
