package ru.etalon

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * A host builds the dataset from its own tables: the small region built row
 * by row must evaluate to the same JSON, byte for byte, as the data folder.
 */
class DatasetBuilderTest {
    private val tables = listOf("cases", "complaints", "deliveries")

    /** The fixture's tree as a host lists it (from units.csv). */
    private fun tree(): OrgTree {
        val (header, rows) = Fixtures.csv(File(Fixtures.smallData, "units.csv"))
        fun col(row: List<String>, name: String) = row[header.indexOf(name)]
        val groups = rows.map { TreeGroup(col(it, "group_id"), col(it, "group_name")) }.distinct()
        val orgs = rows.map {
            TreeOrg(col(it, "org_id"), col(it, "org_name"), col(it, "group_id"), col(it, "org_type"))
        }.distinct()
        val units = rows.map {
            TreeUnit(col(it, "unit_id"), col(it, "unit_name"), col(it, "org_id"), col(it, "processes").split(';').filter { p -> p.isNotEmpty() })
        }
        val first = rows.first()
        return OrgTree(col(first, "region_id"), col(first, "region_name"), groups, orgs, units)
    }

    private fun expectedJson(period: String): String =
        Methodology.fromDir(Fixtures.smallPackage.path).use { m ->
            Dataset.fromDir(Fixtures.smallData.path).use { d -> m.evaluate(d, period).use { it.toJson() } }
        }

    @Test
    fun `rows of text give the same evaluation as the data folder`() {
        val builder = DatasetBuilder(tree())
        for (table in tables) {
            val (header, rows) = Fixtures.csv(File(Fixtures.smallData, "$table.csv"))
            // Empty text and null are both a missing value.
            builder.addRows(table, header, rows.map { row -> row.map { it.ifEmpty { null } } })
        }
        val data = builder.finish()
        assertEquals(10L, data.recordCount("cases"))
        assertEquals(4L, data.recordCount("complaints"))
        assertEquals(0L, data.recordCount("surveys"))
        assertEquals(19L, data.totalRecords())
        assertEquals("R", data.regionId())
        assertEquals(4L, data.entityCount(Level.UNIT))
        Methodology.fromDir(Fixtures.smallPackage.path).use { m ->
            for (period in listOf("2026-Q2", "2026-Q3")) {
                val json = m.evaluate(data, period).use { it.toJson() }
                assertEquals(expectedJson(period), json, period)
            }
        }
    }

    @Test
    fun `typed cells, in several calls, give the same evaluation`() {
        val builder = DatasetBuilder(tree())
        for (table in tables) {
            val (header, rows) = Fixtures.csv(File(Fixtures.smallData, "$table.csv"))
            val counts = setOf("planned", "delivered")
            val cells = rows.map { row ->
                row.mapIndexed { i, text ->
                    when {
                        text.isEmpty() -> Cell.Null
                        header[i] in counts -> Cell.Integer(text.toLong())
                        header[i] == "justified" -> Cell.Flag(text.toBooleanStrict())
                        else -> Cell.Text(text)
                    }
                }
            }
            // Half now, half later: rows are counted per table across calls.
            val half = cells.size / 2
            builder.addCells(table, header, cells.take(half))
            builder.addCells(table, header, cells.drop(half))
        }
        builder.finish().use { data ->
            Methodology.fromDir(Fixtures.smallPackage.path).use { m ->
                assertEquals(expectedJson("2026-Q3"), m.evaluate(data, "2026-Q3").use { it.toJson() })
            }
        }
    }

    @Test
    fun `a bad row names its table, row and field, and the rows before it stay`() {
        val builder = DatasetBuilder(tree())
        val header = listOf("complaint_id", "unit_id", "received_on", "answered_on")
        builder.addRows("complaints", header, listOf(listOf("K1", "U1", "2026-07-15", "2026-07-20")))
        val e = assertThrows<EtalonException.Data> {
            builder.addRows(
                "complaints",
                header,
                listOf(
                    listOf("K2", "U1", "2026-07-15", null),
                    listOf("K3", "U1", "2026-07-15", "2026-07-01"),
                ),
            )
        }
        assertEquals("complaints", e.table)
        assertEquals(3L, e.row)
        assertEquals("answered_on", e.field)
        // Errors name the table, row and field, never a value of the record.
        assertEquals("E-DATA-RECORD", e.code)
        assertNull(e.file)
        assertNull(e.line)
        assertEquals("complaints, row 3, field `answered_on`: the date is before received_on", e.errorMessage)
        assertEquals(e.errorMessage, e.toString())
        assertTrue(
            e.message!!.startsWith(
                "code=E-DATA-RECORD, errorMessage=${e.errorMessage}, errorMessageEn=${e.errorMessageEn}, " +
                    "file=null, line=null, column=null, table=complaints, row=3",
            ),
            e.message,
        )
        assertEquals(2L, builder.finish().recordCount("complaints"))
    }

    @Test
    fun `a bad tree is refused`() {
        val t = tree()
        val e = assertThrows<EtalonException.Data> {
            DatasetBuilder(t.copy(units = t.units + t.units.first()))
        }
        assertEquals("org_tree", e.table)
        assertNull(e.row)
        assertEquals("unit_id", e.field)
        assertEquals("org_tree, field `unit_id`: unit `U1` is listed twice", e.errorMessage)
        assertEquals(e.errorMessage, e.toString())

        val orphan = assertThrows<EtalonException.Data> {
            DatasetBuilder(t.copy(orgs = t.orgs.map { it.copy(groupId = "G9") }))
        }
        assertEquals("group_id", orphan.field)
    }
}
