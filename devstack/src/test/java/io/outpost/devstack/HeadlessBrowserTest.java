package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The browser the page tests rely on really starts here, renders a page and submits a form. */
class HeadlessBrowserTest {

    @Test
    void rendersAPageAndSubmitsItsForm() throws IOException, InterruptedException {
        AtomicReference<String> submitted = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            if ("POST".equals(exchange.getRequestMethod())) {
                try (InputStream in = exchange.getRequestBody()) {
                    submitted.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                body = "<html><body><p id='done'>Thanks</p></body></html>";
            } else {
                body = "<html><body><form method='post'><label>Score <input name='score' id='score'></label>"
                        + "<button id='send'>Send</button></form></body></html>";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try (HeadlessBrowser browser = HeadlessBrowser.start()) {
            browser.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            browser.driver().findElement(By.id("score")).sendKeys("9");
            browser.driver().findElement(By.id("send")).click();

            // The click starts a navigation; looking for the next page at once failed under load (the old page was
            // still there), so wait for it.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (browser.driver().findElements(By.id("done")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(browser.driver().findElement(By.id("done")).getText()).isEqualTo("Thanks");
            assertThat(submitted.get()).isEqualTo("score=9");
        } finally {
            server.stop(0);
        }
    }
}
