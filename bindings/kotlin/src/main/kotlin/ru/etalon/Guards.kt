package ru.etalon

// What the generated binding calls to refuse, on the JVM side and before
// anything crosses, what would otherwise crash or freeze the host: an
// object used after close() and a null from Java where a value is needed.
// The calls are put in by the bindings generator (bindgen/jvm_surface.rs).

/** The code of an object used after `close()` (the Rust binding's `CLOSED_CODE`). */
const val CLOSED_CODE: String = "E-CLOSED"

/** The code of an argument refused before the engine is called (`ARGUMENT_CODE`). */
const val ARGUMENT_CODE: String = "E-ARGUMENT"

/** The exception for an object of class [objectType] used after `close()`. */
internal fun etalonClosed(objectType: String): EtalonException = EtalonException.Closed(CLOSED_CODE, objectType)

/**
 * [value], unless a Java caller passed null for argument [name]: Kotlin's
 * own parameter checks are off for this module, so the null arrives here.
 * The words are the catalogue's (`nullArgumentWords`), in the language
 * chosen by `setLanguage`, the English kept.
 */
@Suppress("SENSELESS_COMPARISON")
internal fun <T> etalonArgument(value: T, name: String): T {
    if (value == null) {
        val (text, textEn) = nullArgumentWords(false)
        throw EtalonException.InvalidArgument(ARGUMENT_CODE, name, text, textEn)
    }
    return value
}

/**
 * A null inside an argument (a record's field, a list's item) met while
 * lowering it. The words are the catalogue's, in the language chosen by
 * `setLanguage`, the English kept (`errorMessageEn`).
 */
internal fun etalonNullInside(e: NullPointerException): EtalonException {
    val (text, textEn) = nullArgumentWords(true)
    return EtalonException.InvalidArgument(ARGUMENT_CODE, "(inside an argument)", text, textEn).also { it.initCause(e) }
}
