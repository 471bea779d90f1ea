<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcornApp</name>
    <message>
        <source>Opening the demo database…</source>
        <translation>正在打开演示数据库…</translation>
    </message>
    <message>
        <source>Unlocking the database…</source>
        <translation>正在解锁数据库…</translation>
    </message>
    <message>
        <source>Master password for {location}:</source>
        <translation>请输入 {location} 的主密码：</translation>
    </message>
    <message>
        <source>Wrong master password. Please try again.</source>
        <translation>主密码不正确，请重试。</translation>
    </message>
    <message>
        <source>Unlock the database</source>
        <translation>解锁数据库</translation>
    </message>
    <message>
        <source>Creating demo data… {done} / {total}</source>
        <translation>正在生成演示数据… {done} / {total}</translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation>正在生成演示数据…</translation>
    </message>
</context>
<context>
    <name>AppActions</name>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Status Bar</source>
        <translation>状态栏(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About ACORN-i</source>
        <translation>关于 ACORN-i(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>About ACORN-i</source>
        <translation>关于 ACORN-i</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ACORN-i Refund Assistant {version}&lt;/h3&gt;&lt;p&gt;Refunds, returns, A-to-z claims and chargebacks for Amazon sellers, with deadlines, approvals and an audit log.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ACORN-i 退款助手 {version}&lt;/h3&gt;&lt;p&gt;为亚马逊卖家处理退款、退货、A-to-z 索赔和拒付，含截止时间、审批和审计日志。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>关于 Qt</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>ACORN-i: error</source>
        <translation>ACORN-i：出错了</translation>
    </message>
    <message>
        <source>The details have been written to the log file.</source>
        <translation>详细信息已写入日志文件。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ACORN-i Refund Assistant</source>
        <translation>ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Where the database is</source>
        <translation>数据库所在位置</translation>
    </message>
    <message>
        <source>Demo mode (sandbox)</source>
        <translation>演示模式(沙盒)</translation>
    </message>
    <message>
        <source>Team mode</source>
        <translation>团队模式</translation>
    </message>
    <message>
        <source>Local encrypted database</source>
        <translation>本地加密数据库</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <source>Cases: {total}  ·  open: {open}  ·  overdue: {overdue}</source>
        <translation>工单：{total}  ·  未结：{open}  ·  已逾期：{overdue}</translation>
    </message>
</context>
<context>
    <name>QueueArea</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Case overview</source>
        <translation>工单概览</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Cases in total</source>
        <translation>工单总数</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>By case type</source>
        <translation>按工单类型</translation>
    </message>
    <message>
        <source>By state</source>
        <translation>按状态</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>已是最新。</translation>
    </message>
    <message>
        <source>The case overview could not be loaded.</source>
        <translation>无法加载工单概览。</translation>
    </message>
</context>
</TS>
