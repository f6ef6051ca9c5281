package dev.vigil.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A shop that takes orders over HTTP and packs one a second: add the Vigil starter and a few
 * lines of {@code application.yml} (see src/main/resources), and a backlog of orders raises an
 * alert, shows in {@code /actuator/health} and {@code /actuator/vigil}, and is written to the log.
 * With {@code monitor-dashboard} on the class path the dashboard is served too, on
 * {@code http://127.0.0.1:8077/} (the URL is logged at startup).
 *
 * <pre>{@code
 * curl -X POST 'localhost:8080/orders?count=300'   # a burst of orders: the backlog alert fires
 * curl localhost:8080/actuator/vigil               # the active alerts and silences
 * open http://127.0.0.1:8077/                      # the dashboard: graphs, alerts, silences
 * }</pre>
 */
@SpringBootApplication
@EnableScheduling
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
