package dev.escarp.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose tests take browsers from escarp's pool: a parameter of type {@link
 * LeasedBrowser}, Playwright's {@code Browser}, {@code BrowserContext} or {@code Page}, or
 * Selenium's {@code WebDriver} gets one. Shorthand for {@code @ExtendWith(EscarpExtension.class)};
 * see {@link EscarpExtension} for the details and settings.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EscarpExtension.class)
public @interface Escarp {}
