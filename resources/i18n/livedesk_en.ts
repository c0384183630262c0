<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CardEditor</name>
    <message numerus="yes">
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n product</numerusform>
            <numerusform>%n products</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n coupon(s)</source>
        <translation>
            <numerusform>%n coupon</numerusform>
            <numerusform>%n coupons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) to fix before saving</source>
        <translation>
            <numerusform>%n error to fix before saving</numerusform>
            <numerusform>%n errors to fix before saving</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compliance warning(s)</source>
        <translation>
            <numerusform>%n compliance warning</numerusform>
            <numerusform>%n compliance warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fix the %n error(s) before saving ({first}).</source>
        <translation>
            <numerusform>Fix the %n error before saving ({first}).</numerusform>
            <numerusform>Fix the %n errors before saving ({first}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedPanel</name>
    <message numerus="yes">
        <source>+%n flood(s)</source>
        <translation>
            <numerusform>+%n flood</numerusform>
            <numerusform>+%n floods</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InteractionPanel</name>
    <message numerus="yes">
        <source>“{keyword}”: %n entrant(s)</source>
        <translation>
            <numerusform>“{keyword}”: %n entrant</numerusform>
            <numerusform>“{keyword}”: %n entrants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voter(s) · {state}</source>
        <translation>
            <numerusform>%n voter · {state}</numerusform>
            <numerusform>%n voters · {state}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderImportDialog</name>
    <message numerus="yes">
        <source>%n row(s) in the file</source>
        <translation>
            <numerusform>%n row in the file</numerusform>
            <numerusform>%n rows in the file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n order(s) ({amount})</source>
        <translation>
            <numerusform>Imported %n order ({amount})</numerusform>
            <numerusform>Imported %n orders ({amount})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) could not be read and were left out.</source>
        <translation>
            <numerusform>%n row could not be read and was left out.</numerusform>
            <numerusform>%n rows could not be read and were left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled, closed or refunded row(s) left out.</source>
        <translation>
            <numerusform>%n cancelled, closed or refunded row left out.</numerusform>
            <numerusform>%n cancelled, closed or refunded rows left out.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repeated row(s) counted once.</source>
        <translation>
            <numerusform>%n repeated row counted once.</numerusform>
            <numerusform>%n repeated rows counted once.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreflightDialog</name>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), not counted</source>
        <translation>
            <numerusform>%n order, not counted</numerusform>
            <numerusform>%n orders, not counted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clip(s) in {folder}. Double-click one to play it.</source>
        <translation>
            <numerusform>%n clip in {folder}. Double-click it to play it.</numerusform>
            <numerusform>%n clips in {folder}. Double-click one to play it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunSheetEditor</name>
    <message numerus="yes">
        <source>Fix the %n error(s) before using this run-sheet for the show (row {where}: {message}).</source>
        <translation>
            <numerusform>Fix the %n error before using this run-sheet for the show (row {where}: {message}).</numerusform>
            <numerusform>Fix the %n errors before using this run-sheet for the show (row {where}: {message}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segment</numerusform>
            <numerusform>%n segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionsDialog</name>
    <message numerus="yes">
        <source>Its log, %n comment(s), the questions and the imported orders are deleted for good. Recordings in OBS are not touched.</source>
        <translation>
            <numerusform>Its log, %n comment, the questions and the imported orders are deleted for good. Recordings in OBS are not touched.</numerusform>
            <numerusform>Its log, %n comments, the questions and the imported orders are deleted for good. Recordings in OBS are not touched.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SheetDocument</name>
    <message numerus="yes">
        <source>{name} was not saved: fix the %n error(s) first (row {where}: {message}); values that cannot be read would be lost.</source>
        <translation>
            <numerusform>{name} was not saved: fix the %n error first (row {where}: {message}); values that cannot be read would be lost.</numerusform>
            <numerusform>{name} was not saved: fix the %n errors first (row {where}: {message}); values that cannot be read would be lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StoreBar</name>
    <message numerus="yes">
        <source>The show goes on. %n entries are kept in memory and written as soon as the log can be written again.</source>
        <translation>
            <numerusform>The show goes on. %n entry is kept in memory and written as soon as the log can be written again.</numerusform>
            <numerusform>The show goes on. %n entries are kept in memory and written as soon as the log can be written again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries could not be kept in memory and are missing.</source>
        <translation>
            <numerusform>%n entry could not be kept in memory and is missing.</numerusform>
            <numerusform>%n entries could not be kept in memory and are missing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The show log could not store %n entries; everything else is written.</source>
        <translation>
            <numerusform>The show log could not store %n entry; everything else is written.</numerusform>
            <numerusform>The show log could not store %n entries; everything else is written.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThanksPanel</name>
    <message numerus="yes">
        <source>%n gift(s)</source>
        <translation>
            <numerusform>%n gift</numerusform>
            <numerusform>%n gifts</numerusform>
        </translation>
    </message>
</context>
</TS>
