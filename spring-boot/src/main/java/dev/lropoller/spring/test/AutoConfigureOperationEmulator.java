package dev.lropoller.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * On a {@code @SpringBootTest} class: starts an {@code AutoMlEmulator} (artifact
 * {@code lro-poller-testing}) on a random loopback port as a bean, and points the auto-configured
 * {@code OperationPoller} at it with no credentials and
 * {@link OperationEmulatorConfiguration#FAST_POLICY}. The emulator closes with the test's
 * context. Inject the emulator to start scripted operations:
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
 * <p>Sets {@code lropoller.credentials.enabled=false}, so a {@code fail-fast} credentials check
 * of the application does not run against the emulator.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(OperationEmulatorConfiguration.class)
@TestPropertySource(properties = "lropoller.credentials.enabled=false")
public @interface AutoConfigureOperationEmulator {}
