# The words of the `etalon` command itself.

cli-error = etalon: error
package-has-errors = the rule package has errors:
diagnostics-summary = { $errors } error(s), { $warnings } warning(s)
