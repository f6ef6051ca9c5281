package dev.vigil.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.notify.DeliveryResult;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Notifier;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The notifier kit passes a notifier that keeps its contract and fails ones that do not. */
class NotifierCompatibilityKitTest {

    /** Keeps the text of what it is given; a call to a silent endpoint waits for an answer up to the timeout. */
    static class InMemory implements Notifier {
        final List<String> texts;
        final Duration timeout;
        final UnaryOperator<String> mangle;
        final InetSocketAddress target;

        InMemory(List<String> texts, Duration timeout, UnaryOperator<String> mangle, InetSocketAddress target) {
            this.texts = texts;
            this.timeout = timeout;
            this.mangle = mangle;
            this.target = target;
        }

        @Override
        public DeliveryResult deliver(Notification n) {
            if (target != null) {
                try (Socket s = new Socket()) {
                    s.connect(target, (int) timeout.toMillis());
                    s.setSoTimeout((int) timeout.toMillis());
                    s.getInputStream().read(); // never answered: times out
                    return DeliveryResult.delivered();
                } catch (java.io.IOException e) {
                    return DeliveryResult.retry(e.getClass().getSimpleName());
                }
            }
            StringBuilder text = new StringBuilder(n.title()).append('\n');
            for (var a : n.alerts()) {
                text.append(a.labels().get("alertname"))
                        .append(' ')
                        .append(a.annotations().getOrDefault("summary", ""))
                        .append('\n');
            }
            texts.add(mangle.apply(text.toString()));
            return DeliveryResult.delivered();
        }

        @Override
        public Duration timeout() {
            return timeout;
        }

        @Override
        public String name() {
            return "in-memory";
        }
    }

    // private: JUnit would otherwise run it as a test class of its own
    private static final class KitOver extends NotifierCompatibilityKit {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final UnaryOperator<String> mangle;

        KitOver(UnaryOperator<String> mangle) {
            this.mangle = mangle;
        }

        @Override
        protected Notifier notifier(Duration timeout) {
            return new InMemory(texts, timeout, mangle, null);
        }

        @Override
        protected Notifier notifierAt(InetSocketAddress silent, Duration timeout) {
            return new InMemory(texts, timeout, mangle, silent);
        }

        @Override
        protected List<String> received() {
            return List.copyOf(texts);
        }

        void run(KitCheck check) throws Exception {
            try {
                check.run(this);
            } finally {
                closeSilentEndpoint();
            }
        }
    }

    interface KitCheck {
        void run(NotifierCompatibilityKit kit) throws Exception;
    }

    @Test
    void aNotifierThatKeepsTheContractPassesEveryCheck() {
        for (KitCheck check : List.<KitCheck>of(
                NotifierCompatibilityKit::deliversAFiringNotification,
                NotifierCompatibilityKit::deliversAResolvedNotification,
                NotifierCompatibilityKit::keepsUnicodeIntact,
                NotifierCompatibilityKit::deliversHostileTextWithoutBreakingThePayload,
                NotifierCompatibilityKit::deliversALargeGroupCutToTheReceiversLimits,
                NotifierCompatibilityKit::givesUpWithinItsTimeoutWhenTheReceiverHangs,
                NotifierCompatibilityKit::isSafeForConcurrentCalls,
                NotifierCompatibilityKit::hasANameWithoutSecrets)) {
            assertThatCode(() -> new KitOver(UnaryOperator.identity()).run(check))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aNotifierThatMangledUnicodeFails() {
        KitOver kit = new KitOver(text -> new String(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> kit.run(NotifierCompatibilityKit::keepsUnicodeIntact))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aNotifierThatDropsTheAlertsNameFromHostileTextFails() {
        KitOver kit = new KitOver(text -> text.contains("<script>") ? "" : text);

        assertThatThrownBy(() -> kit.run(NotifierCompatibilityKit::deliversHostileTextWithoutBreakingThePayload))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("KitHostile");
    }
}
