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
        <source>Setting up a new database…</source>
        <translation>正在设置新数据库…</translation>
    </message>
    <message>
        <source>Creating the encrypted database…</source>
        <translation>正在创建加密数据库…</translation>
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
        <source>Demo notification mails are in {folder}: drop them on this window</source>
        <translation>演示用的亚马逊通知邮件在 {folder}：拖到本窗口即可导入</translation>
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
    <name>ApprovalDecisionDialog</name>
    <message>
        <source>Approval #{id}</source>
        <translation>审批 #{id}</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Case and order</source>
        <translation>工单与订单</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Buyer&apos;s reason</source>
        <translation>买家原因</translation>
    </message>
    <message>
        <source>Marketplace policy</source>
        <translation>站点政策</translation>
    </message>
    <message>
        <source>Policy row</source>
        <translation>政策条目</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Routing rule</source>
        <translation>分派规则</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Risk score</source>
        <translation>风险评分</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>风险信号</translation>
    </message>
    <message>
        <source>Refund breakdown</source>
        <translation>退款明细</translation>
    </message>
    <message>
        <source>Adjustment reason:</source>
        <translation>调整原因:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>合计:</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Comment (required to reject or return for information)</source>
        <translation>备注(驳回或退回补充时必填)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Return for info</source>
        <translation>退回补充</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>备注:</translation>
    </message>
    <message>
        <source>{level} of {levels}</source>
        <translation>第 {level} 级,共 {levels} 级</translation>
    </message>
    <message>
        <source>Order not synced yet</source>
        <translation>订单尚未同步</translation>
    </message>
    <message>
        <source>No marketplace policy row (default clock)</source>
        <translation>无站点政策条目(使用默认时限)</translation>
    </message>
    <message>
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <source>{days} business days</source>
        <translation>{days} 个工作日</translation>
    </message>
    <message>
        <source>No rule matched: a person decides</source>
        <translation>未匹配任何规则:由人工决定</translation>
    </message>
    <message>
        <source>(no CNY rate)</source>
        <translation>(无人民币汇率)</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>returned for information</source>
        <translation>已退回补充</translation>
    </message>
    <message>
        <source>withdrawn by the requester</source>
        <translation>已由申请人撤回</translation>
    </message>
    <message>
        <source>#{id} level {level}: {status}</source>
        <translation>#{id} 第 {level} 级:{status}</translation>
    </message>
    <message>
        <source>Auto-approve</source>
        <translation>自动批准</translation>
    </message>
    <message>
        <source>Require level-1 approval</source>
        <translation>需一级审批</translation>
    </message>
    <message>
        <source>Require level-2 approval + finance</source>
        <translation>需二级审批 + 财务</translation>
    </message>
    <message>
        <source>Suggest rejection</source>
        <translation>建议驳回</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>分派给</translation>
    </message>
    <message>
        <source>CS agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>运营</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>AuditActions</name>
    <message>
        <source>Store added</source>
        <translation>添加店铺</translation>
    </message>
    <message>
        <source>Store needs re-authorisation</source>
        <translation>店铺需要重新授权</translation>
    </message>
    <message>
        <source>Store legal name and address changed</source>
        <translation>店铺法定名称和地址已修改</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Approved by a rule</source>
        <translation>按规则自动批准</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Returned for info</source>
        <translation>退回补充</translation>
    </message>
    <message>
        <source>Audit log exported</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>Approval requested</source>
        <translation>申请审批</translation>
    </message>
    <message>
        <source>Assignee changed</source>
        <translation>更换负责人</translation>
    </message>
    <message>
        <source>Buyer reply sent</source>
        <translation>已回复买家</translation>
    </message>
    <message>
        <source>Case created by hand</source>
        <translation>手动新建工单</translation>
    </message>
    <message>
        <source>Evidence added</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <source>Cases merged</source>
        <translation>合并工单</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Case reopened by a buyer message</source>
        <translation>买家消息重新打开工单</translation>
    </message>
    <message>
        <source>State changed</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Claims CSV imported</source>
        <translation>导入索赔表格</translation>
    </message>
    <message>
        <source>Demo data created</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <source>Holidays imported</source>
        <translation>导入节假日</translation>
    </message>
    <message>
        <source>Appeal letter exported</source>
        <translation>导出申诉信</translation>
    </message>
    <message>
        <source>Case opened from a mail</source>
        <translation>由邮件新建工单</translation>
    </message>
    <message>
        <source>Mail ignored</source>
        <translation>忽略邮件</translation>
    </message>
    <message>
        <source>Mail imported</source>
        <translation>导入邮件</translation>
    </message>
    <message>
        <source>Mail linked to a case</source>
        <translation>邮件关联到工单</translation>
    </message>
    <message>
        <source>Raw mail deleted</source>
        <translation>删除邮件原文</translation>
    </message>
    <message>
        <source>Mail read again</source>
        <translation>重新识别邮件</translation>
    </message>
    <message>
        <source>Mailbox added</source>
        <translation>添加邮箱</translation>
    </message>
    <message>
        <source>Mailbox removed</source>
        <translation>移除邮箱</translation>
    </message>
    <message>
        <source>Marketplace policy edited</source>
        <translation>修改站点政策</translation>
    </message>
    <message>
        <source>Case queue exported</source>
        <translation>导出工单队列</translation>
    </message>
    <message>
        <source>Refund queued</source>
        <translation>退款已排队</translation>
    </message>
    <message>
        <source>Refund failed</source>
        <translation>退款失败</translation>
    </message>
    <message>
        <source>Refund credited</source>
        <translation>退款已到账</translation>
    </message>
    <message>
        <source>Refund submitted</source>
        <translation>退款已提交</translation>
    </message>
    <message>
        <source>Refund feed</source>
        <translation>退款 Feed</translation>
    </message>
    <message>
        <source>Rule draft saved</source>
        <translation>保存规则草稿</translation>
    </message>
    <message>
        <source>Rule edited</source>
        <translation>修改规则</translation>
    </message>
    <message>
        <source>Rule enabled</source>
        <translation>启用规则</translation>
    </message>
    <message>
        <source>Tracking entered by hand</source>
        <translation>手动录入物流单号</translation>
    </message>
    <message>
        <source>Shipments imported</source>
        <translation>导入发货记录</translation>
    </message>
    <message>
        <source>Database backed up</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>Database created</source>
        <translation>创建数据库</translation>
    </message>
    <message>
        <source>Database restored</source>
        <translation>恢复数据库</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>User created</source>
        <translation>创建用户</translation>
    </message>
    <message>
        <source>User deactivated</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>User locked</source>
        <translation>锁定用户</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Login failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Login refused: account locked</source>
        <translation>拒绝登录：账户已锁定</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>更改角色</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Entry hash</source>
        <translation>条目哈希</translation>
    </message>
    <message>
        <source>Entry {hash}
Previous {prev}
Payload digest {digest}</source>
        <translation>条目 {hash}
上一条 {prev}
内容摘要 {digest}</translation>
    </message>
</context>
<context>
    <name>AuditObjects</name>
    <message>
        <source>Case</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Mailbox</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Rule set</source>
        <translation>规则集</translation>
    </message>
    <message>
        <source>Marketplace policy</source>
        <translation>站点政策</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Shipments</source>
        <translation>物流记录</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Search summary, actor, action or request ID</source>
        <translation>搜索摘要、操作人、操作或请求 ID</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Recompute every hash: finds any edited, inserted or deleted entry</source>
        <translation>重新计算所有哈希:找出任何被修改、插入或删除的条目</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Only managers, finance and administrators may see the audit log.</source>
        <translation>只有主管、财务和管理员可以查看审计日志。</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>{count} 条记录</translation>
    </message>
    <message>
        <source>Verifying the audit log…</source>
        <translation>正在校验审计日志…</translation>
    </message>
    <message>
        <source>Audit log intact: {count} entries, hash chain unbroken.</source>
        <translation>审计日志完整:共 {count} 条记录,哈希链未中断。</translation>
    </message>
    <message>
        <source>Tampering found: entry {id} was edited or inserted, or the entry before it was deleted. Restore a backup and tell an administrator.</source>
        <translation>发现篡改:条目 {id} 被修改或插入,或其前一条目被删除。请恢复备份并通知管理员。</translation>
    </message>
    <message>
        <source>Entries were removed from the end of the log (entry {id}, the newest at the last check, is gone or changed). Restore a backup and tell an administrator.</source>
        <translation>日志末尾的条目已被删除(上次校验时最新的条目 {id} 已丢失或被更改)。请恢复备份并通知管理员。</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the audit log…</source>
        <translation>正在导出审计日志…</translation>
    </message>
    <message>
        <source>Exported {count} entries.</source>
        <translation>已导出 {count} 条记录。</translation>
    </message>
</context>
<context>
    <name>BacktestResultModel</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>工单数</translation>
    </message>
    <message>
        <source>≈CNY</source>
        <translation>≈人民币</translation>
    </message>
</context>
<context>
    <name>BatchApproveDialog</name>
    <message>
        <source>Approve {count} refund(s), in total ≈ ¥{total}?</source>
        <translation>批准 {count} 笔退款,合计约 ¥{total}?</translation>
    </message>
    <message>
        <source>Approve Selected in One Step</source>
        <translation>一步批准所选</translation>
    </message>
    <message>
        <source>Case #{case} · {order} · {amount} · {cny}</source>
        <translation>工单 #{case} · {order} · {amount} · {cny}</translation>
    </message>
    <message>
        <source>Left out, above your approval limit: cases {ids}</source>
        <translation>超出您的审批额度，未包含工单：{ids}</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>备注(可选)</translation>
    </message>
    <message>
        <source>Approve {count}</source>
        <translation>批准 {count} 笔</translation>
    </message>
</context>
<context>
    <name>BreakdownModel</name>
    <message>
        <source>Component</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>A deduction: enter it as a negative amount, e.g. -2.00</source>
        <translation>扣减项:请输入负数金额,例如 -2.00</translation>
    </message>
</context>
<context>
    <name>BuyerWordsCard</name>
    <message>
        <source>Buyer&apos;s words</source>
        <translation>买家原话</translation>
    </message>
    <message>
        <source>Received {when}</source>
        <translation>收到于 {when}</translation>
    </message>
    <message>
        <source>{count} earlier message(s) in the evidence package</source>
        <translation>证据包中还有 {count} 条更早的消息</translation>
    </message>
    <message>
        <source>From the claim notice</source>
        <translation>摘自索赔通知</translation>
    </message>
</context>
<context>
    <name>CaseDetailPane</name>
    <message>
        <source>Select a case in the queue to see its details.</source>
        <translation>在队列中选择一个工单即可查看详情。</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>SKU / ASIN</source>
        <translation>SKU / ASIN</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>No order data for this case yet.</source>
        <translation>此工单暂无订单数据。</translation>
    </message>
    <message>
        <source>Applicable policy</source>
        <translation>适用政策</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>No evidence attached yet.</source>
        <translation>尚未添加证据。</translation>
    </message>
    <message>
        <source>Evidence category</source>
        <translation>证据类别</translation>
    </message>
    <message>
        <source>Add evidence…</source>
        <translation>添加证据…</translation>
    </message>
    <message>
        <source>The file is stored inside the encrypted database (max 20 MB).</source>
        <translation>文件保存在加密数据库内(最大 20 MB)。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Internal notes</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <source>Only your team sees internal notes. Ctrl+Enter adds the note.</source>
        <translation>内部备注仅团队成员可见。按 Ctrl+Enter 添加。</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>快捷键:Ctrl+Enter</translation>
    </message>
    <message>
        <source>Loading case #{id}…</source>
        <translation>正在加载工单 #{id}…</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>已添加备注。</translation>
    </message>
    <message>
        <source>Evidence added: {file}</source>
        <translation>已添加证据:{file}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Assignee: {name}</source>
        <translation>负责人已改为 {name}</translation>
    </message>
    <message>
        <source>Add evidence</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <source>Evidence (*.pdf *.png *.jpg *.jpeg *.webp *.heic *.eml *.msg *.txt *.csv *.xlsx *.docx);;All files (*)</source>
        <translation>证据文件 (*.pdf *.png *.jpg *.jpeg *.webp *.heic *.eml *.msg *.txt *.csv *.xlsx *.docx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export evidence</source>
        <translation>导出证据</translation>
    </message>
    <message>
        <source>The file could not be written: {reason}</source>
        <translation>无法写入文件:{reason}</translation>
    </message>
    <message>
        <source>Something went wrong ({error}). The details are in the log file.</source>
        <translation>操作失败({error}),详情已写入日志文件。</translation>
    </message>
    <message>
        <source>FBA</source>
        <translation>亚马逊配送(FBA)</translation>
    </message>
    <message>
        <source>Seller fulfilled</source>
        <translation>卖家自配送</translation>
    </message>
    <message>
        <source>{order} · ordered {date} · {status} · {channel} · total {total}</source>
        <translation>{order} · 下单于 {date} · {status} · {channel} · 订单金额 {total}</translation>
    </message>
    <message>
        <source>Amazon&apos;s answer to the submission was lost</source>
        <translation>亚马逊对提交的回复丢失</translation>
    </message>
    <message>
        <source>the sync stopped while submitting</source>
        <translation>提交时同步被中断</translation>
    </message>
    <message>
        <source>Amazon no longer knows the feed</source>
        <translation>亚马逊已找不到该 Feed</translation>
    </message>
    <message>
        <source>the feed ended without a processing report</source>
        <translation>Feed 结束但没有处理报告</translation>
    </message>
    <message>
        <source>the processing report does not match what was sent</source>
        <translation>处理报告与所发内容不符</translation>
    </message>
    <message>
        <source>differs from the approval record</source>
        <translation>与审批记录不符</translation>
    </message>
    <message>
        <source>Refund unconfirmed ({reason}). It is not sent again on its own.</source>
        <translation>退款待确认({reason})。系统不会自动重新发送。</translation>
    </message>
    <message>
        <source>Check in Seller Central: order {order}, item {item}, refund {amount} ({parts}), MerchantAdjustmentItemID {key}, uploaded {uploaded}.</source>
        <translation>请在卖家平台(Seller Central)核实:订单 {order},商品 {item},退款 {amount}({parts}),MerchantAdjustmentItemID {key},上传时间 {uploaded}。</translation>
    </message>
    <message>
        <source>No evidence yet: a manager may mark it done, or ask to send it again (a second manager confirms).</source>
        <translation>仍无亚马逊的退款记录:主管可标记为已完成,或申请重新发送(需第二位主管确认)。</translation>
    </message>
    <message>
        <source>Waiting for Amazon&apos;s refund record.</source>
        <translation>正在等待亚马逊的退款记录。</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Unshipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Partially shipped</source>
        <translation>部分发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Unfulfillable</source>
        <translation>无法配送</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>answered {time}</source>
        <translation>已于 {time} 答复</translation>
    </message>
    <message>
        <source>overdue by {span}</source>
        <translation>已逾期 {span}</translation>
    </message>
    <message>
        <source>≈ {span} left</source>
        <translation>剩余约 {span}</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小时</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h + {days} business days</source>
        <translation>{hours} 小时 + {days} 个工作日</translation>
    </message>
    <message>
        <source>{days} business days</source>
        <translation>{days} 个工作日</translation>
    </message>
    <message>
        <source>{days} days ({hours} h)</source>
        <translation>{days} 天({hours} 小时)</translation>
    </message>
    <message>
        <source>{hours} hours</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <source>Marketplace policy {market} v{version}: {clock}</source>
        <translation>站点政策 {market} 第 {version} 版:{clock}</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
</context>
<context>
    <name>CodeLabels</name>
    <message>
        <source>No inventory</source>
        <translation>无库存</translation>
    </message>
    <message>
        <source>Buyer return</source>
        <translation>买家退货</translation>
    </message>
    <message>
        <source>General adjustment (partial refund)</source>
        <translation>一般调整(部分退款)</translation>
    </message>
    <message>
        <source>Could not ship</source>
        <translation>无法发货</translation>
    </message>
    <message>
        <source>Different item sent</source>
        <translation>发错商品</translation>
    </message>
    <message>
        <source>Abandoned by the buyer</source>
        <translation>买家放弃</translation>
    </message>
    <message>
        <source>Cancelled by the buyer</source>
        <translation>买家取消</translation>
    </message>
    <message>
        <source>Price error</source>
        <translation>价格错误</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Buyer address incorrect</source>
        <translation>买家地址错误</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Carrier credit decision</source>
        <translation>承运商赔付决定</translation>
    </message>
    <message>
        <source>Risk assessment information not valid</source>
        <translation>风险评估信息无效</translation>
    </message>
    <message>
        <source>Carrier coverage failure</source>
        <translation>承运商未能承保</translation>
    </message>
    <message>
        <source>Transaction record</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <source>Undeliverable</source>
        <translation>无法投递</translation>
    </message>
    <message>
        <source>Delivery refused</source>
        <translation>买家拒收</translation>
    </message>
    <message>
        <source>Item price</source>
        <translation>商品价格</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税费</translation>
    </message>
    <message>
        <source>Shipping tax</source>
        <translation>运费税</translation>
    </message>
    <message>
        <source>Restocking fee</source>
        <translation>重新入库费</translation>
    </message>
    <message>
        <source>Restocking fee tax</source>
        <translation>重新入库费税</translation>
    </message>
    <message>
        <source>Gift wrap</source>
        <translation>礼品包装</translation>
    </message>
    <message>
        <source>Gift wrap tax</source>
        <translation>礼品包装税</translation>
    </message>
    <message>
        <source>Surcharge</source>
        <translation>附加费</translation>
    </message>
    <message>
        <source>Return shipping</source>
        <translation>退货运费</translation>
    </message>
    <message>
        <source>Goodwill</source>
        <translation>商誉补偿</translation>
    </message>
    <message>
        <source>Export charge</source>
        <translation>出口费用</translation>
    </message>
    <message>
        <source>Cash on delivery</source>
        <translation>货到付款</translation>
    </message>
    <message>
        <source>Cash on delivery tax</source>
        <translation>货到付款税</translation>
    </message>
    <message>
        <source>Return shipping of a free replacement</source>
        <translation>免费换货的退货运费</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>已揽收</translation>
    </message>
    <message>
        <source>In transit</source>
        <translation>运输中</translation>
    </message>
    <message>
        <source>Out for delivery</source>
        <translation>派送中</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已妥投</translation>
    </message>
    <message>
        <source>Delivery problem</source>
        <translation>派送异常</translation>
    </message>
    <message>
        <source>Returned to sender</source>
        <translation>已退回发件人</translation>
    </message>
    <message>
        <source>Delivery attempted</source>
        <translation>尝试派送</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Unshipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Partially shipped</source>
        <translation>部分发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Unfulfillable</source>
        <translation>无法配送</translation>
    </message>
    <message>
        <source>Fulfilled by Amazon (FBA)</source>
        <translation>亚马逊配送(FBA)</translation>
    </message>
    <message>
        <source>Seller fulfilled</source>
        <translation>卖家自配送</translation>
    </message>
    <message>
        <source>Approval requested</source>
        <translation>申请审批</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Appeal letter</source>
        <translation>申诉信</translation>
    </message>
</context>
<context>
    <name>ColumnChooser</name>
    <message>
        <source>&amp;Columns</source>
        <translation>列(&amp;C)</translation>
    </message>
    <message>
        <source>This column is always shown</source>
        <translation>此列始终显示</translation>
    </message>
    <message>
        <source>&amp;Reset Columns</source>
        <translation>恢复默认列(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>values separated by commas</source>
        <translation>多个值用逗号分隔</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Amount at most</source>
        <translation>金额不超过</translation>
    </message>
    <message>
        <source>Amount at least</source>
        <translation>金额不低于</translation>
    </message>
    <message>
        <source>Kind is one of</source>
        <translation>类型属于</translation>
    </message>
    <message>
        <source>Marketplace is one of</source>
        <translation>站点属于</translation>
    </message>
    <message>
        <source>Reason code is one of</source>
        <translation>原因代码属于</translation>
    </message>
    <message>
        <source>SKU is one of</source>
        <translation>SKU 属于</translation>
    </message>
    <message>
        <source>ASIN is one of</source>
        <translation>ASIN 属于</translation>
    </message>
    <message>
        <source>Risk score at least</source>
        <translation>风险评分不低于</translation>
    </message>
    <message>
        <source>Buyer has a flag</source>
        <translation>买家有标记</translation>
    </message>
    <message>
        <source>Item condition is one of</source>
        <translation>商品状况属于</translation>
    </message>
</context>
<context>
    <name>DeadlineTray</name>
    <message>
        <source>ACORN-i Refund Assistant</source>
        <translation>ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>Deadlines approaching</source>
        <translation>截止时间临近</translation>
    </message>
    <message>
        <source>{count} case(s) due within 1 hour</source>
        <translation>{count} 个工单将在 1 小时内到期</translation>
    </message>
    <message>
        <source>{count} case(s) due within {hours} hours</source>
        <translation>{count} 个工单将在 {hours} 小时内到期</translation>
    </message>
</context>
<context>
    <name>DecisionKeys</name>
    <message>
        <source>Approve ({key})</source>
        <translation>批准({key})</translation>
    </message>
    <message>
        <source>Reject ({key}); needs a comment</source>
        <translation>驳回({key});须填写说明</translation>
    </message>
    <message>
        <source>Return for information ({key}); needs a comment</source>
        <translation>退回补充({key});须填写说明</translation>
    </message>
    <message>
        <source>#{id} approved.</source>
        <translation>#{id} 已批准。</translation>
    </message>
    <message>
        <source>#{id} rejected.</source>
        <translation>#{id} 已驳回。</translation>
    </message>
    <message>
        <source>#{id} returned for information.</source>
        <translation>#{id} 已退回补充。</translation>
    </message>
    <message>
        <source>This is the next approval waiting for you.</source>
        <translation>以下是下一个待您审批的申请。</translation>
    </message>
    <message>
        <source>No more approvals are waiting for you after this one.</source>
        <translation>这之后没有待您审批的申请了。</translation>
    </message>
</context>
<context>
    <name>DelayedProgress</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
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
    <name>EvidenceModel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
</context>
<context>
    <name>EvidencePackageCard</name>
    <message>
        <source>Evidence package</source>
        <translation>证据包</translation>
    </message>
    <message>
        <source>Record shipment…</source>
        <translation>记录物流…</translation>
    </message>
    <message>
        <source>Carrier, tracking number, ship and delivery date, typed by hand</source>
        <translation>手动填写承运商、物流单号、发货和签收日期</translation>
    </message>
    <message>
        <source>Import tracking export…</source>
        <translation>导入物流记录…</translation>
    </message>
    <message>
        <source>A carrier or ERP CSV: order id, carrier, tracking number, dates</source>
        <translation>承运商或 ERP 导出的 CSV:订单号、承运商、物流单号、日期</translation>
    </message>
    <message>
        <source>Shipping proof: none yet.</source>
        <translation>发货证明:暂无。</translation>
    </message>
    <message>
        <source>Shipping proof: {carrier} · tracking {tracking}</source>
        <translation>发货证明:{carrier} · 物流单号 {tracking}</translation>
    </message>
    <message>
        <source>Shipped: {when}</source>
        <translation>发货:{when}</translation>
    </message>
    <message>
        <source>Delivered: {when}</source>
        <translation>签收:{when}</translation>
    </message>
    <message>
        <source>Delivered: no delivery scan</source>
        <translation>签收:无签收记录</translation>
    </message>
    <message>
        <source>Return tracking: {carrier} {tracking}</source>
        <translation>退货物流:{carrier} {tracking}</translation>
    </message>
    <message>
        <source>Refund: {amount} {currency} on {day}</source>
        <translation>退款:{amount} {currency}({day})</translation>
    </message>
    <message>
        <source>Buyer wrote ({day}): “{text}”</source>
        <translation>买家留言({day}):“{text}”</translation>
    </message>
    <message>
        <source>Attachments: {count}</source>
        <translation>附件:{count} 个</translation>
    </message>
    <message>
        <source>No return tracking, refunds or buyer messages.</source>
        <translation>没有退货物流、退款记录或买家沟通记录。</translation>
    </message>
    <message>
        <source>Shipment recorded: {carrier} {tracking}</source>
        <translation>已记录物流:{carrier} {tracking}</translation>
    </message>
    <message>
        <source>Tracking export imported: {created} new, {updated} updated, {same} unchanged</source>
        <translation>已导入物流记录:新增 {created},更新 {updated},未变 {same}</translation>
    </message>
    <message>
        <source>Import tracking export</source>
        <translation>导入物流记录</translation>
    </message>
    <message>
        <source>Tracking export (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>物流记录 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FileMailDialog</name>
    <message>
        <source>New case from this mail</source>
        <translation>由此邮件新建工单</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
</context>
<context>
    <name>FindingModel</name>
    <message>
        <source>Blocked</source>
        <translation>阻止</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>提醒</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Why it is unparsed</source>
        <translation>未识别原因</translation>
    </message>
    <message>
        <source>Order IDs</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Mailbox</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Outlook file</source>
        <translation>Outlook 文件</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <source>Mails no notification format recognised, or whose store is unclear. Link each one to a case, open a new case from it, or ignore it.</source>
        <translation>没有识别出通知格式、或无法确定店铺的邮件。请把每封邮件关联到工单、由它新建工单，或忽略。</translation>
    </message>
    <message>
        <source>&amp;Link to Case…</source>
        <translation>关联到工单(&amp;L)…</translation>
    </message>
    <message>
        <source>New &amp;Case from Mail…</source>
        <translation>由邮件新建工单(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Ignore</source>
        <translation>忽略(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;View Mail…</source>
        <translation>查看邮件(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Read All Again</source>
        <translation>全部重新识别(&amp;R)</translation>
    </message>
    <message>
        <source>Parse the unparsed mails again, e.g. after a format was added</source>
        <translation>重新识别所有未识别邮件（例如新增邮件格式之后）</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>The mail&apos;s text was deleted after the retention period; only this excerpt is kept:</source>
        <translation>邮件原文已在保留期满后删除，只保留了这段摘要：</translation>
    </message>
    <message>
        <source>Mail linked to case #{id}</source>
        <translation>邮件已关联到工单 #{id}</translation>
    </message>
    <message>
        <source>Ignore {count} mail(s)? They are not cases; their text is deleted.</source>
        <translation>忽略这 {count} 封邮件？它们不是工单，邮件原文将被删除。</translation>
    </message>
    <message>
        <source>{count} mail(s) ignored</source>
        <translation>已忽略 {count} 封邮件</translation>
    </message>
    <message>
        <source>{parsed} mail(s) recognised now</source>
        <translation>现已识别 {parsed} 封邮件</translation>
    </message>
    <message>
        <source>Link to case</source>
        <translation>关联到工单</translation>
    </message>
    <message>
        <source>Case number (e.g. 1234) or order id (e.g. 302-1234567-1234567):</source>
        <translation>工单号（如 1234）或订单号（如 302-1234567-1234567）：</translation>
    </message>
    <message>
        <source>Ignore mails</source>
        <translation>忽略邮件</translation>
    </message>
</context>
<context>
    <name>IntakeFeature</name>
    <message>
        <source>&amp;Import Mails, Claims or Reports…</source>
        <translation>导入邮件、索赔或报告(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;New Case…</source>
        <translation>新建工单(&amp;N)…</translation>
    </message>
    <message>
        <source>Mail&amp;boxes…</source>
        <translation>邮箱(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Unparsed Mails</source>
        <translation>未识别邮件(&amp;U)</translation>
    </message>
    <message>
        <source>Import Amazon notification mails, a claims CSV or a returns report</source>
        <translation>导入亚马逊通知邮件、索赔 CSV 或退货报告</translation>
    </message>
    <message>
        <source>Mails, claims CSV and returns reports (*.eml *.csv *.txt *.tsv);;Mails (*.eml);;Claims CSV (*.csv);;Returns reports from Seller Central (*.txt *.tsv);;All files (*)</source>
        <translation>邮件、索赔 CSV 和退货报告 (*.eml *.csv *.txt *.tsv);;邮件 (*.eml);;索赔 CSV (*.csv);;卖家平台下载的退货报告 (*.txt *.tsv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing {count} file(s)…</source>
        <translation>正在导入 {count} 个文件…</translation>
    </message>
    <message>
        <source>Import finished: {created} new case(s), {updated} updated, {unparsed} unparsed</source>
        <translation>导入完成：新建 {created} 个工单，更新 {updated} 个，{unparsed} 封未识别</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Show unparsed mails</source>
        <translation>查看未识别邮件</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Case #{id} created</source>
        <translation>已新建工单 #{id}</translation>
    </message>
    <message>
        <source>Mailboxes: {new} new case(s)</source>
        <translation>邮箱：新建 {new} 个工单</translation>
    </message>
    <message>
        <source>{count} mailbox(es) with errors</source>
        <translation>{count} 个邮箱出错</translation>
    </message>
    <message>
        <source>Mailbox poll failed: {error}</source>
        <translation>收取邮件失败：{error}</translation>
    </message>
</context>
<context>
    <name>LetterDialog</name>
    <message>
        <source>Appeal letter for case #{id}</source>
        <translation>工单 #{id} 的申诉信</translation>
    </message>
    <message>
        <source>The store has no legal name and address in Latin script, so the letter cannot be signed — enter them in the Stores settings.</source>
        <translation>店铺未填写英文法定名称和地址,信函将无法签署 — 请在 店铺 设置中填写</translation>
    </message>
    <message>
        <source>Stores…</source>
        <translation>店铺…</translation>
    </message>
    <message>
        <source>No attachments on this case.</source>
        <translation>此工单没有附件。</translation>
    </message>
    <message>
        <source>Internal copy with the Chinese summary page (not for Amazon)</source>
        <translation>内部版:附中文内部摘要页(不要发给亚马逊)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Claim type:</source>
        <translation>索赔类型:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>主题:</translation>
    </message>
    <message>
        <source>Letter (edit before exporting):</source>
        <translation>申诉信正文(导出前可修改):</translation>
    </message>
    <message>
        <source>Evidence pages to append:</source>
        <translation>附加的证据页:</translation>
    </message>
    <message>
        <source> (the marketplace&apos;s language)</source>
        <translation>(站点语言)</translation>
    </message>
    <message>
        <source>Template: {claim} · {language}{default}</source>
        <translation>模板:{claim} · {language}{default}</translation>
    </message>
    <message>
        <source>Export appeal letter</source>
        <translation>导出申诉信</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Writing the appeal letter PDF…</source>
        <translation>正在生成申诉信 PDF…</translation>
    </message>
    <message>
        <source>Exported {path} ({pages} pages).</source>
        <translation>已导出 {path}({pages} 页)。</translation>
    </message>
    <message>
        <source>Listed with a note, not shown: {files}</source>
        <translation>无法显示、已附说明的文件:{files}</translation>
    </message>
</context>
<context>
    <name>LetterFeature</name>
    <message>
        <source>Generate Appeal &amp;Letter…</source>
        <translation>生成申诉信(&amp;L)…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in to ACORN-i</source>
        <translation>登录 ACORN-i</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>e.g. li.lei</source>
        <translation>例如 li.lei</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码:</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Logging in failed unexpectedly ({error}). The details are in the log file.</source>
        <translation>登录意外失败({error})。详细信息见日志文件。</translation>
    </message>
</context>
<context>
    <name>MailboxDialog</name>
    <message>
        <source>Mailboxes</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Poll Now</source>
        <translation>立即收取(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>e.g. CS mailbox</source>
        <translation>如：客服邮箱</translation>
    </message>
    <message>
        <source>None (this computer only)</source>
        <translation>不加密（仅限本机）</translation>
    </message>
    <message>
        <source>Any store (by order / marketplace)</source>
        <translation>任意店铺（按订单 / 站点判断）</translation>
    </message>
    <message>
        <source>&amp;Add and Test</source>
        <translation>添加并测试(&amp;A)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>IMAP server</source>
        <translation>IMAP 服务器</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Mails belong to</source>
        <translation>邮件所属店铺</translation>
    </message>
    <message>
        <source>Add a mailbox</source>
        <translation>添加邮箱</translation>
    </message>
    <message>
        <source>Forward Seller Central notifications (A-to-z claims, chargebacks, buyer messages) to this mailbox. Mails are read, never marked or moved; the password is kept in the system keyring.</source>
        <translation>把 Seller Central 的通知（A-to-z 索赔、拒付、买家消息）转发到这个邮箱。本软件只读取邮件，不会标记为已读或移动；密码保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>Logging in to {host}…</source>
        <translation>正在登录 {host}…</translation>
    </message>
    <message>
        <source>Mailbox added; the login works. New mail is read on the sync schedule.</source>
        <translation>邮箱已添加，登录正常。新邮件会按同步间隔自动收取。</translation>
    </message>
    <message>
        <source>Testing {name}…</source>
        <translation>正在测试 {name}…</translation>
    </message>
    <message>
        <source>The login works; the folder holds {count} mail(s).</source>
        <translation>登录正常；文件夹中有 {count} 封邮件。</translation>
    </message>
    <message>
        <source>Reading new mail of {name}…</source>
        <translation>正在收取 {name} 的新邮件…</translation>
    </message>
    <message>
        <source>{count} new mail(s) read. </source>
        <translation>收取了 {count} 封新邮件。</translation>
    </message>
    <message>
        <source>Removing {name}…</source>
        <translation>正在删除 {name}…</translation>
    </message>
    <message>
        <source>Mailbox removed.</source>
        <translation>邮箱已删除。</translation>
    </message>
</context>
<context>
    <name>MailboxModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Last poll</source>
        <translation>上次收取</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>(by order / marketplace)</source>
        <translation>（按订单 / 站点判断）</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Not polled yet</source>
        <translation>尚未收取</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ACORN-i Refund Assistant</source>
        <translation>ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>Case queue</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Auto-decision rules</source>
        <translation>自动处理规则</translation>
    </message>
    <message>
        <source>Marketplace policies</source>
        <translation>站点政策</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Unparsed mails</source>
        <translation>未识别邮件</translation>
    </message>
    <message>
        <source>Unreadable report lines</source>
        <translation>未解析的报告行</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>工单(&amp;C)</translation>
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
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Database: {location}</source>
        <translation>数据库：{location}</translation>
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
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Cases: {total}  ·  open: {open}  ·  overdue: {overdue}</source>
        <translation>工单：{total}  ·  未结：{open}  ·  已逾期：{overdue}</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>e.g. ITEM_NOT_RECEIVED or the buyer&apos;s words</source>
        <translation>如 ITEM_NOT_RECEIVED，或买家的原话</translation>
    </message>
    <message>
        <source>optional: RMA, SAFE-T claim id…</source>
        <translation>可选：RMA 编号、SAFE-T 索赔编号…</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Opened at ({zone})</source>
        <translation>发生时间（{zone}）</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Create case</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Choose a store.</source>
        <translation>请选择店铺。</translation>
    </message>
    <message>
        <source>The order id looks like 302-1234567-1234567.</source>
        <translation>订单号格式应为 302-1234567-1234567。</translation>
    </message>
    <message>
        <source>The currency is three letters, e.g. EUR.</source>
        <translation>币种为三个字母，如 EUR。</translation>
    </message>
</context>
<context>
    <name>NotesModel</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>NotificationCenter</name>
    <message>
        <source>… and {count} more</source>
        <translation>… 另有 {count} 条</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Refund submitted to Amazon</source>
        <translation>退款已提交亚马逊</translation>
    </message>
    <message>
        <source>Refund credited to the buyer</source>
        <translation>退款已入账(已退款)</translation>
    </message>
    <message>
        <source>{what}: case #{id}{order}{money}</source>
        <translation>{what}:工单 #{id}{order}{money}</translation>
    </message>
</context>
<context>
    <name>NotificationsDialog</name>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>No notifications.</source>
        <translation>没有通知。</translation>
    </message>
    <message>
        <source>Double-click a line to open its case.</source>
        <translation>双击一行打开对应的工单。</translation>
    </message>
</context>
<context>
    <name>OrderItemsModel</name>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>ASIN</source>
        <translation>ASIN</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>税费</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>运费</translation>
    </message>
</context>
<context>
    <name>PolicyEditDialog</name>
    <message>
        <source>Edit marketplace policy</source>
        <translation>编辑站点政策</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Time zone: {zone}</source>
        <translation>时区:{zone}</translation>
    </message>
    <message>
        <source>Hours:</source>
        <translation>小时数:</translation>
    </message>
    <message>
        <source>Business days:</source>
        <translation>工作日数:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源:</translation>
    </message>
    <message>
        <source>Effective from:</source>
        <translation>生效日期:</translation>
    </message>
    <message>
        <source>Saving adds a new version; cases keep the version they were computed with.</source>
        <translation>保存将新增一个版本;已有工单仍沿用计算时的版本。</translation>
    </message>
</context>
<context>
    <name>PolicyHistoryModel</name>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Replaced at</source>
        <translation>替换时间</translation>
    </message>
    <message>
        <source>Saved by</source>
        <translation>保存人</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
</context>
<context>
    <name>PolicyPage</name>
    <message>
        <source>Marketplace policies</source>
        <translation>站点政策</translation>
    </message>
    <message>
        <source>All marketplaces</source>
        <translation>全部站点</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Import holidays…</source>
        <translation>导入节假日…</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Marketplace:</source>
        <translation>站点:</translation>
    </message>
    <message>
        <source>Imported {rows} holidays from {file} ({added} added, {removed} removed).</source>
        <translation>已从 {file} 导入 {rows} 个节假日(新增 {added} 个,移除 {removed} 个)。</translation>
    </message>
    <message>
        <source>Import holidays</source>
        <translation>导入节假日</translation>
    </message>
    <message>
        <source>Holiday files (*.json *.csv)</source>
        <translation>节假日文件 (*.json *.csv)</translation>
    </message>
    <message>
        <source>Saved {market} as version {version}.</source>
        <translation>已将 {market} 保存为版本 {version}。</translation>
    </message>
    <message>
        <source>Only managers may change marketplace policies.</source>
        <translation>只有主管可以修改站点政策。</translation>
    </message>
</context>
<context>
    <name>PolicySource</name>
    <message>
        <source>{event}: {clock}. Assumed: Seller Central does not say so for this marketplace; it says so for others.</source>
        <translation>{event}：{clock}。推定：亚马逊卖家平台帮助未就本站点作出规定，此时限沿用其他站点的规定。</translation>
    </message>
    <message>
        <source>{event}: {clock}, per Seller Central help.</source>
        <translation>{event}：{clock}，依据亚马逊卖家平台帮助。</translation>
    </message>
    <message>
        <source>{event}: {clock}, per Amazon&apos;s published policy.</source>
        <translation>{event}：{clock}，依据亚马逊公布的政策。</translation>
    </message>
    <message>
        <source>Filing window: {clock} (default for this case type)</source>
        <translation>申报时限：{clock}(该工单类型的默认时限)</translation>
    </message>
    <message>
        <source>Response clock: {clock} (default for this case type)</source>
        <translation>答复时限：{clock}(该工单类型的默认时限)</translation>
    </message>
    <message>
        <source>Source: Seller Central help</source>
        <translation>依据：亚马逊卖家平台帮助</translation>
    </message>
    <message>
        <source>Source: Amazon&apos;s published policy</source>
        <translation>依据：亚马逊公布的政策</translation>
    </message>
</context>
<context>
    <name>PolicyTableModel</name>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Saved by {name}</source>
        <translation>由 {name} 保存</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Takes effect the next time ACORN-i starts.</source>
        <translation>下次启动 ACORN-i 时生效。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Only when I click Sync Now</source>
        <translation>仅在点击“立即同步”时</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>界面语言:</translation>
    </message>
    <message>
        <source>Time zone for deadlines:</source>
        <translation>截止时间所用时区:</translation>
    </message>
    <message>
        <source>Sync automatically every:</source>
        <translation>自动同步间隔:</translation>
    </message>
    <message>
        <source>Deadline alerts (system tray)</source>
        <translation>截止时间提醒(系统托盘)</translation>
    </message>
    <message>
        <source>1 hour before</source>
        <translation>提前 1 小时</translation>
    </message>
    <message>
        <source>{hours} hours before</source>
        <translation>提前 {hours} 小时</translation>
    </message>
    <message>
        <source>Exchange rates for the ≈ CNY column (display only, never used for refunds)</source>
        <translation>“≈ 人民币”列的汇率(仅用于显示,不用于退款)</translation>
    </message>
    <message>
        <source>Exchange rates: the ≈ CNY shown and the approval limits</source>
        <translation>汇率表:用于显示“≈ 人民币”和审批额度</translation>
    </message>
    <message>
        <source>Default rates as of {date}.</source>
        <translation>默认汇率日期:{date}。</translation>
    </message>
    <message>
        <source>Rate table version {version}, as of {date}.</source>
        <translation>汇率表第 {version} 版,日期:{date}。</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Only finance and administrators can change the rate table.</source>
        <translation>仅财务和管理员可以修改汇率表。</translation>
    </message>
</context>
<context>
    <name>PreferencesFeature</name>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>ProposalNote</name>
    <message>
        <source>Suggested from the buyer&apos;s message: {situation}</source>
        <translation>根据买家来信建议:{situation}</translation>
    </message>
    <message>
        <source>Suggested from the parcel&apos;s tracking: {situation}</source>
        <translation>根据物流信息建议:{situation}</translation>
    </message>
    <message>
        <source>Suggested for this kind of case: {situation}</source>
        <translation>根据工单类型建议:{situation}</translation>
    </message>
    <message>
        <source>no tracking scan since {date}</source>
        <translation>物流自 {date} 起无扫描记录</translation>
    </message>
</context>
<context>
    <name>QueueActions</name>
    <message>
        <source>Send for &amp;Approval…</source>
        <translation>发送审批(&amp;A)…</translation>
    </message>
    <message>
        <source>Mark as &amp;Handled</source>
        <translation>标记为已处理(&amp;H)</translation>
    </message>
    <message>
        <source>Assign &amp;To</source>
        <translation>分配给(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>取消分配(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;New Local User…</source>
        <translation>新建本地用户(&amp;N)…</translation>
    </message>
    <message>
        <source>Sending {count} case(s) for approval…</source>
        <translation>正在将 {count} 个工单发送审批…</translation>
    </message>
    <message>
        <source>{count} case(s) sent for approval</source>
        <translation>已将 {count} 个工单发送审批</translation>
    </message>
    <message>
        <source>Mark as handled</source>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Mark {count} cases as handled? They will be closed.</source>
        <translation>将 {count} 个工单标记为已处理?这些工单将被关闭。</translation>
    </message>
    <message>
        <source>Closing {count} case(s)…</source>
        <translation>正在关闭 {count} 个工单…</translation>
    </message>
    <message>
        <source>{count} case(s) marked as handled</source>
        <translation>已将 {count} 个工单标记为已处理</translation>
    </message>
    <message>
        <source>{count} case(s) unassigned</source>
        <translation>已取消 {count} 个工单的分配</translation>
    </message>
    <message>
        <source>{count} case(s) assigned to {name}</source>
        <translation>已将 {count} 个工单分配给 {name}</translation>
    </message>
    <message>
        <source>Assigning {count} case(s)…</source>
        <translation>正在分配 {count} 个工单…</translation>
    </message>
    <message>
        <source>Local user {name} added</source>
        <translation>已添加本地用户 {name}</translation>
    </message>
    <message>
        <source>Select one or more cases in the queue first.</source>
        <translation>请先在队列中选择一个或多个工单。</translation>
    </message>
    <message>
        <source>No users yet</source>
        <translation>暂无用户</translation>
    </message>
    <message>
        <source>The action was not carried out</source>
        <translation>操作未执行</translation>
    </message>
    <message>
        <source>New local user</source>
        <translation>新建本地用户</translation>
    </message>
    <message>
        <source>Name of the colleague to assign cases to:</source>
        <translation>要分配工单的同事姓名:</translation>
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
<context>
    <name>QueueExportFeature</name>
    <message>
        <source>&amp;Export to Excel…</source>
        <translation>导出为 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Every case of the current view, with its filters and sort, as an xlsx file</source>
        <translation>将当前视图的全部工单(按其筛选与排序)导出为 xlsx 文件</translation>
    </message>
    <message>
        <source>case-queue</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出为 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting the case queue…</source>
        <translation>正在导出工单队列…</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>ASIN</source>
        <translation>ASIN</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>≈ CNY</source>
        <translation>≈ 人民币</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>答复时间</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>refund unconfirmed</source>
        <translation>退款待确认</translation>
    </message>
    <message>
        <source>Case queue</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation>已取消导出:未写入任何文件。</translation>
    </message>
    <message>
        <source>Exported {count} cases to {file}.</source>
        <translation>已将 {count} 个工单导出到 {file}。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Marketplace</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>SKU / ASIN</source>
        <translation>SKU / ASIN</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>≈ CNY</source>
        <translation>≈ 人民币</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>refund unconfirmed</source>
        <translation>退款待确认</translation>
    </message>
    <message>
        <source>This column cannot be sorted</source>
        <translation>此列不能排序</translation>
    </message>
    <message>
        <source>Answered {local} ({zone}): the clock stopped</source>
        <translation>已于 {local}({zone})答复,计时已停止</translation>
    </message>
    <message>
        <source>Answered {local} ({zone}): the clock stopped · deadline was {deadline}</source>
        <translation>已于 {local}({zone})答复,计时已停止 · 原截止时间 {deadline}</translation>
    </message>
    <message>
        <source>Deadline {local} ({zone}) · {utc} UTC</source>
        <translation>截止时间 {local}({zone})· UTC {utc}</translation>
    </message>
    <message>
        <source>A refund of this case is unconfirmed: a manager checks it in Seller Central (case detail)</source>
        <translation>此案件有一笔退款待确认:请主管在卖家平台(Seller Central)核实(见案件详情)</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>Search order ID, SKU or ASIN  (Ctrl+F)</source>
        <translation>搜索订单号、SKU 或 ASIN(Ctrl+F)</translation>
    </message>
    <message>
        <source>All marketplaces</source>
        <translation>全部站点</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Any deadline</source>
        <translation>不限截止时间</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Within 6 h</source>
        <translation>6 小时内到期</translation>
    </message>
    <message>
        <source>Within 24 h</source>
        <translation>24 小时内到期</translation>
    </message>
    <message>
        <source>Within 3 days</source>
        <translation>3 天内到期</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Order ID, SKU or ASIN</source>
        <translation>订单号、SKU 或 ASIN</translation>
    </message>
    <message>
        <source>Minimum amount in ≈ CNY, as the ≈ CNY column: cases of every currency compare</source>
        <translation>最低金额(≈ 人民币，与 ≈ 人民币列相同)：各币种工单统一比较</translation>
    </message>
    <message>
        <source>Maximum amount in ≈ CNY, as the ≈ CNY column</source>
        <translation>最高金额(≈ 人民币，与 ≈ 人民币列相同)</translation>
    </message>
    <message>
        <source>My to-do</source>
        <translation>我的待办</translation>
    </message>
    <message>
        <source>Awaiting my approval</source>
        <translation>待我审批</translation>
    </message>
    <message>
        <source>All open cases</source>
        <translation>全部未结工单</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>High risk</source>
        <translation>高风险</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Unconfirmed</source>
        <translation>待确认退款</translation>
    </message>
    <message>
        <source>All cases (history)</source>
        <translation>全部工单(含历史)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Next case</source>
        <translation>下一个工单</translation>
    </message>
    <message>
        <source>Previous case</source>
        <translation>上一个工单</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>{count} cases</source>
        <translation>{count} 个工单</translation>
    </message>
</context>
<context>
    <name>RatesModel</name>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>CNY per unit</source>
        <translation>每单位折合人民币</translation>
    </message>
    <message>
        <source>Default: {rate}</source>
        <translation>默认值:{rate}</translation>
    </message>
    <message>
        <source>“{value}” is not a valid rate: enter a number greater than 0.</source>
        <translation>“{value}”不是有效的汇率:请输入大于 0 的数字。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Send for approval</source>
        <translation>发送审批</translation>
    </message>
    <message>
        <source>Why do these {count} case(s) need approval?</source>
        <translation>这 {count} 个工单为什么需要审批?</translation>
    </message>
    <message>
        <source>e.g. the amount is above my approval limit</source>
        <translation>例如:金额超过我的审批权限</translation>
    </message>
    <message>
        <source>{count} / {limit} characters</source>
        <translation>{count} / {limit} 字</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <source>Reply to Buyer</source>
        <translation>回复买家</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>情形</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The template needs these facts</source>
        <translation>模板需要以下信息</translation>
    </message>
    <message>
        <source>Fill In</source>
        <translation>填入</translation>
    </message>
    <message>
        <source>Choose a situation, or write the reply here.</source>
        <translation>请选择情形,或在此直接撰写回复。</translation>
    </message>
    <message>
        <source>Copy to Clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <source>Mark as Sent</source>
        <translation>标记为已发送</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Case #{id} · {kind} · {market} · order {order}</source>
        <translation>工单 #{id} · {kind} · {market} · 订单 {order}</translation>
    </message>
    <message>
        <source>The buyer wrote: {words}</source>
        <translation>买家来信:{words}</translation>
    </message>
    <message>
        <source>{language} (marketplace language)</source>
        <translation>{language}(站点语言)</translation>
    </message>
    <message>
        <source>{language} (the buyer&apos;s language)</source>
        <translation>{language}(买家来信语言)</translation>
    </message>
    <message>
        <source>Already answered {time}: the clock has stopped.</source>
        <translation>已于 {time} 答复,计时已停止。</translation>
    </message>
    <message>
        <source>Marking the reply as sent stops this case&apos;s 24-hour reply clock.</source>
        <translation>标记为已发送后,此工单的 24 小时回复时限即停止计时。</translation>
    </message>
    <message>
        <source>This case&apos;s deadline is not answered by a buyer reply: its clock keeps running.</source>
        <translation>此工单的时限不会因回复买家而停止,仍在计时。</translation>
    </message>
    <message>
        <source>date, e.g. {example}</source>
        <translation>日期,例如 {example}</translation>
    </message>
    <message>
        <source>amount in {currency}, e.g. 8.50</source>
        <translation>{currency} 金额,例如 8.50</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Messaging-policy check: {blocks} blocking, {warns} warning(s)</source>
        <translation>沟通合规检查:{blocks} 项阻止,{warns} 项提醒</translation>
    </message>
    <message>
        <source>Messaging-policy check: {blocks} blocking — fix before copying</source>
        <translation>沟通合规检查:{blocks} 项阻止,请修改后再复制</translation>
    </message>
    <message>
        <source>Messaging-policy check: {warns} warning(s) — look before sending</source>
        <translation>沟通合规检查:{warns} 项提醒,发送前请确认</translation>
    </message>
    <message>
        <source>Messaging-policy check: no problems found</source>
        <translation>沟通合规检查:未发现问题</translation>
    </message>
    <message>
        <source>Copied. Paste it into the buyer&apos;s message in Seller Central, send it there, then mark it as sent here.</source>
        <translation>已复制。请粘贴到卖家平台的买家消息中并发送,然后在此标记为已发送。</translation>
    </message>
    <message>
        <source>This text was already marked as sent; nothing was recorded twice.</source>
        <translation>此内容已标记为已发送,未重复记录。</translation>
    </message>
    <message>
        <source>Marked as sent at {time}. The 24-hour reply clock has stopped.</source>
        <translation>已于 {time} 标记为已发送,24 小时回复时限已停止计时。</translation>
    </message>
    <message>
        <source>Marked as sent at {time}.</source>
        <translation>已于 {time} 标记为已发送。</translation>
    </message>
    <message>
        <source>Something went wrong; the details are in the log.</source>
        <translation>出现错误,详情见日志。</translation>
    </message>
    <message>
        <source>Log in first: the reply is recorded under your name.</source>
        <translation>请先登录:回复将以您的名义记录。</translation>
    </message>
    <message>
        <source>Fix what is marked red first.</source>
        <translation>请先修改标红的内容。</translation>
    </message>
    <message>
        <source>After sending the text in Seller Central: record it here.</source>
        <translation>在卖家平台发送后,在此记录。</translation>
    </message>
    <message>
        <source>Replace the text?</source>
        <translation>替换回复内容?</translation>
    </message>
    <message>
        <source>You have edited the reply. Replace it with the chosen template?</source>
        <translation>您已修改回复内容,要用所选模板替换吗?</translation>
    </message>
</context>
<context>
    <name>ReplyFeature</name>
    <message>
        <source>&amp;Reply to Buyer…</source>
        <translation>回复买家(&amp;R)…</translation>
    </message>
    <message>
        <source>Write a reply from a template, checked against Amazon&apos;s rules</source>
        <translation>用买家回复模板撰写回复,并按亚马逊沟通规则检查</translation>
    </message>
    <message>
        <source>Select one case to reply to its buyer.</source>
        <translation>请选择一个工单来回复买家。</translation>
    </message>
</context>
<context>
    <name>ReportLinesModel</name>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Line as Amazon wrote it</source>
        <translation>亚马逊原始内容</translation>
    </message>
    <message>
        <source>wrong number of fields (damaged line?)</source>
        <translation>字段数量不对(该行可能已损坏)</translation>
    </message>
    <message>
        <source>required value &apos;{column}&apos; is empty</source>
        <translation>必填值「{column}」为空</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; is not an amount: {value}</source>
        <translation>「{column}」不是金额:{value}</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; is not a date: {value}</source>
        <translation>「{column}」不是日期:{value}</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; is not a whole number: {value}</source>
        <translation>「{column}」不是整数:{value}</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; is not Y/N: {value}</source>
        <translation>「{column}」不是 Y/N:{value}</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; is not a currency code: {value}</source>
        <translation>「{column}」不是货币代码:{value}</translation>
    </message>
    <message>
        <source>&apos;{column}&apos; cannot be read: {value}</source>
        <translation>「{column}」无法读取:{value}</translation>
    </message>
</context>
<context>
    <name>ReportLinesPage</name>
    <message>
        <source>These lines of Amazon&apos;s reports could not be read; the rest of each report was imported. Look the order up in Seller Central, deal with it by hand (for example a new case), then mark the line done.</source>
        <translation>亚马逊报告中的这些行无法读取,报告的其余部分已经导入。请在卖家平台中查找对应订单并手动处理(例如新建工单),然后将该行标记为已处理。</translation>
    </message>
    <message>
        <source>Mark as &amp;Done</source>
        <translation>标记为已处理(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>{count} report line(s) marked done</source>
        <translation>已将 {count} 个报告行标记为已处理</translation>
    </message>
</context>
<context>
    <name>RequestApprovalDialog</name>
    <message>
        <source>Request approval for case #{id}</source>
        <translation>为工单 #{id} 申请审批</translation>
    </message>
    <message>
        <source>Why should this refund be approved?</source>
        <translation>为什么应批准这笔退款?</translation>
    </message>
    <message>
        <source>Add component</source>
        <translation>添加项目</translation>
    </message>
    <message>
        <source>Remove component</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Refund breakdown</source>
        <translation>退款明细</translation>
    </message>
    <message>
        <source>Adjustment reason:</source>
        <translation>调整原因:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>合计:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Send for approval</source>
        <translation>提交审批</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由:</translation>
    </message>
    <message>
        <source>Evidence shown to the approver:</source>
        <translation>向审批人展示的证据:</translation>
    </message>
    <message>
        <source>(no CNY rate)</source>
        <translation>(无人民币汇率)</translation>
    </message>
    <message>
        <source>{count} / {limit} characters</source>
        <translation>{count} / {limit} 字</translation>
    </message>
</context>
<context>
    <name>RuleEditorDialog</name>
    <message>
        <source>Auto-decision rule</source>
        <translation>自动处理规则</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <source>A case matches when all conditions hold; a rule without conditions matches every case.</source>
        <translation>满足全部条件时工单即匹配;没有条件的规则匹配所有工单。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Assign to user</source>
        <translation>分派给用户</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <source>Back-test</source>
        <translation>规则回测</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>启用…</translation>
    </message>
    <message>
        <source>Back-test result</source>
        <translation>规则回测结果</translation>
    </message>
    <message>
        <source>Not back-tested yet.</source>
        <translation>尚未进行规则回测。</translation>
    </message>
    <message>
        <source>Rule draft v{version} saved</source>
        <translation>规则草稿 v{version} 已保存</translation>
    </message>
    <message>
        <source>Discard the draft and show the active rules again?</source>
        <translation>放弃草稿并重新显示当前生效的规则?</translation>
    </message>
    <message>
        <source>Enable these {count} rules? They replace the active rules for every case from now on.</source>
        <translation>启用这 {count} 条规则?从现在起,它们将替换所有工单当前生效的规则。</translation>
    </message>
    <message>
        <source>Warning: these rules have not been back-tested as they are now.</source>
        <translation>警告:这些规则的当前版本尚未进行规则回测。</translation>
    </message>
    <message>
        <source>Enable rules</source>
        <translation>启用规则</translation>
    </message>
    <message>
        <source>Rules v{version} enabled</source>
        <translation>规则 v{version} 已启用</translation>
    </message>
    <message>
        <source>Back-testing {count} rules over the stored cases…</source>
        <translation>正在用已存储的工单回测 {count} 条规则…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The back-test did not run.</source>
        <translation>规则回测未运行。</translation>
    </message>
    <message>
        <source>Cancelled after {done:,} of {total:,} cases: the figures are partial.</source>
        <translation>已在处理 {done:,} / {total:,} 个工单后取消:数据不完整。</translation>
    </message>
    <message>
        <source>{cases:,} cases, {money} in all, in {seconds:.1f} s.</source>
        <translation>{cases:,} 个工单,合计 {money},用时 {seconds:.1f} 秒。</translation>
    </message>
    <message>
        <source>Outcome changes versus the active rules: {count:,} case(s) ({money}).</source>
        <translation>与当前生效规则相比结果变化:{count:,} 个工单({money})。</translation>
    </message>
    <message>
        <source>Examples: {ids}</source>
        <translation>示例:{ids}</translation>
    </message>
    <message>
        <source>Would suggest rejecting {count:,} case(s) that were approved or refunded ({money}): {ids}</source>
        <translation>将建议驳回 {count:,} 个已批准或已退款的工单({money}):{ids}</translation>
    </message>
    <message>
        <source>Would auto-approve {count:,} case(s) that were rejected ({money}): {ids}</source>
        <translation>将自动批准 {count:,} 个已驳回的工单({money}):{ids}</translation>
    </message>
    <message>
        <source>{count:,} case(s) have no CNY rate and are not in the money totals.</source>
        <translation>{count:,} 个工单没有人民币汇率,未计入金额合计。</translation>
    </message>
    <message>
        <source>No active rules</source>
        <translation>无生效规则</translation>
    </message>
    <message>
        <source>Active rules: {count} (v{version})</source>
        <translation>生效规则:{count} 条(v{version})</translation>
    </message>
    <message>
        <source>No active rules: a person decides every case</source>
        <translation>无生效规则：所有工单由人工处理</translation>
    </message>
    <message>
        <source>showing a draft with unsaved changes</source>
        <translation>正在显示有未保存更改的草稿</translation>
    </message>
    <message>
        <source>showing the saved draft</source>
        <translation>正在显示已保存的草稿</translation>
    </message>
    <message>
        <source>showing the active rules</source>
        <translation>正在显示当前生效的规则</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
</context>
<context>
    <name>RulesTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>生效中</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>ScansModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>SessionFeature</name>
    <message>
        <source>&amp;Log In…</source>
        <translation>登录(&amp;L)…</translation>
    </message>
    <message>
        <source>Log &amp;Out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Decide Approval…</source>
        <translation>审批决定(&amp;D)…</translation>
    </message>
    <message>
        <source>Approve &amp;Selected in One Step…</source>
        <translation>一步批准所选(&amp;S)…</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Select the cases whose refunds you want to approve.</source>
        <translation>请先选择要批准退款的工单。</translation>
    </message>
    <message>
        <source>None of the selected cases waits for your approval.</source>
        <translation>所选工单中没有等待您审批的。</translation>
    </message>
    <message>
        <source>{count} refund(s) approved, in total ≈ ¥{total}</source>
        <translation>已批准 {count} 笔退款,合计 ≈ ¥{total}</translation>
    </message>
    <message>
        <source>Select one case to decide its approval.</source>
        <translation>请选中一个工单再做审批决定。</translation>
    </message>
    <message>
        <source>This case has no pending approval.</source>
        <translation>该工单没有待审批的申请。</translation>
    </message>
    <message>
        <source>User: {name} ({role})</source>
        <translation>用户:{name}({role})</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Create an encrypted database</source>
        <translation>创建加密数据库</translation>
    </message>
    <message>
        <source>Welcome to ACORN-i Refund Assistant</source>
        <translation>欢迎使用 ACORN-i 退款助手</translation>
    </message>
    <message>
        <source>ACORN-i keeps your data in an encrypted database in this folder:</source>
        <translation>ACORN-i 会把您的数据保存在以下文件夹中的加密数据库里：</translation>
    </message>
    <message>
        <source>How should the database key be protected?</source>
        <translation>数据库密钥如何保管？</translation>
    </message>
    <message>
        <source>System keyring (recommended)</source>
        <translation>系统密钥环（推荐）</translation>
    </message>
    <message>
        <source>The key is kept in the operating system&apos;s credential store; the database unlocks by itself when you are signed in to this computer.</source>
        <translation>密钥保存在操作系统的凭据管理器中；登录本机后，数据库会自动解锁。</translation>
    </message>
    <message>
        <source>No system keyring is available on this computer, so the key cannot be kept there. Use a master password instead.</source>
        <translation>本机没有可用的系统密钥环，无法在其中保存密钥。请改用主密码。</translation>
    </message>
    <message>
        <source>Master password</source>
        <translation>主密码</translation>
    </message>
    <message>
        <source>You enter it each time the app starts.</source>
        <translation>每次启动程序时输入。</translation>
    </message>
    <message>
        <source>At least {count} characters</source>
        <translation>至少 {count} 个字符</translation>
    </message>
    <message>
        <source>A forgotten master password cannot be recovered: without it nobody can open the data, not even support.</source>
        <translation>主密码忘记后无法找回：没有它，任何人（包括技术支持）都无法打开数据。</translation>
    </message>
    <message>
        <source>Master password:</source>
        <translation>主密码：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>Create database</source>
        <translation>创建数据库</translation>
    </message>
    <message>
        <source>Choose a master password of at least {count} characters.</source>
        <translation>请设置至少 {count} 个字符的主密码。</translation>
    </message>
    <message>
        <source>The master password needs at least {count} characters.</source>
        <translation>主密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
        <source>Type the master password again to confirm it.</source>
        <translation>请再次输入主密码以确认。</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>两次输入的主密码不一致。</translation>
    </message>
</context>
<context>
    <name>ShipmentDialog</name>
    <message>
        <source>Record shipment for case #{id}</source>
        <translation>为工单 #{id} 记录物流</translation>
    </message>
    <message>
        <source>To the buyer</source>
        <translation>发给买家</translation>
    </message>
    <message>
        <source>Return from the buyer</source>
        <translation>买家退回</translation>
    </message>
    <message>
        <source>e.g. DHL, Royal Mail, ヤマト運輸</source>
        <translation>例如 DHL、Royal Mail、ヤマト運輸</translation>
    </message>
    <message>
        <source>Delivered on</source>
        <translation>签收日期</translation>
    </message>
    <message>
        <source>e.g. front door, neighbour, parcel locker</source>
        <translation>例如 门口、邻居、快递柜</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>方向:</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>承运商:</translation>
    </message>
    <message>
        <source>Tracking number:</source>
        <translation>物流单号:</translation>
    </message>
    <message>
        <source>Service:</source>
        <translation>物流服务:</translation>
    </message>
    <message>
        <source>Shipped on:</source>
        <translation>发货日期:</translation>
    </message>
    <message>
        <source>Delivered to:</source>
        <translation>签收地点:</translation>
    </message>
    <message>
        <source>Dates are the carrier&apos;s local dates.</source>
        <translation>日期按承运商当地日期填写。</translation>
    </message>
</context>
<context>
    <name>StoresDialog</name>
    <message>
        <source>Stores</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Legal name (Latin script):</source>
        <translation>法定名称(拉丁字母):</translation>
    </message>
    <message>
        <source>Address line 1:</source>
        <translation>地址第 1 行:</translation>
    </message>
    <message>
        <source>Address line 2:</source>
        <translation>地址第 2 行:</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>城市:</translation>
    </message>
    <message>
        <source>State / province:</source>
        <translation>省 / 州:</translation>
    </message>
    <message>
        <source>Postcode:</source>
        <translation>邮政编码:</translation>
    </message>
    <message>
        <source>Country (ISO code):</source>
        <translation>国家 / 地区(ISO 代码):</translation>
    </message>
    <message>
        <source>VAT id (optional):</source>
        <translation>增值税号(可选):</translation>
    </message>
    <message>
        <source>As the business licence writes it in Latin letters: Amazon reads the letters in Latin script, and they are signed with this name and address.</source>
        <translation>按营业执照上的英文(拉丁字母)写法填写:亚马逊按拉丁字母阅读信函,信函以此名称和地址落款。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Sender block of the letters:</source>
        <translation>信函的寄件人信息:</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <source>legal name missing</source>
        <translation>未填写法定名称</translation>
    </message>
    <message>
        <source>No stores yet.</source>
        <translation>还没有店铺。</translation>
    </message>
    <message>
        <source>(incomplete: name, address, city and country)</source>
        <translation>(不完整:需要名称、地址、城市和国家)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved. Letters of this store are signed with it.</source>
        <translation>已保存。该店铺的信函将以此落款。</translation>
    </message>
</context>
<context>
    <name>StoresFeature</name>
    <message>
        <source>Sto&amp;res…</source>
        <translation>店铺(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>SyncFeature</name>
    <message>
        <source>&amp;Sync Now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top Sync</source>
        <translation>停止同步(&amp;T)</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Stopping sync…</source>
        <translation>正在停止同步…</translation>
    </message>
    <message>
        <source>Syncing {store}: {pages} pages, {events} new events, {cases} new cases</source>
        <translation>正在同步 {store}:{pages} 页,新事件 {events} 条,新工单 {cases} 个</translation>
    </message>
    <message>
        <source>No stores to sync</source>
        <translation>没有可同步的店铺</translation>
    </message>
    <message>
        <source>Sync stopped at {time}</source>
        <translation>同步已于 {time} 停止</translation>
    </message>
    <message>
        <source>Sync at {time}: {count} store(s) with problems</source>
        <translation>{time} 同步:{count} 个店铺有问题</translation>
    </message>
    <message>
        <source>Synced at {time}</source>
        <translation>已于 {time} 同步</translation>
    </message>
    <message>
        <source>This PC&apos;s clock is {minutes} min off Amazon&apos;s: please correct it</source>
        <translation>本机时钟与亚马逊相差 {minutes} 分钟,请校正本机时间</translation>
    </message>
    <message>
        <source>{count} store(s) OK</source>
        <translation>{count} 个店铺正常</translation>
    </message>
    <message>
        <source>+{count} more</source>
        <translation>另有 {count} 项</translation>
    </message>
    <message>
        <source>{store}: needs re-authorisation</source>
        <translation>{store}:需要重新授权</translation>
    </message>
    <message>
        <source>{store}: error – {reason}</source>
        <translation>{store}:出错 – {reason}</translation>
    </message>
    <message>
        <source>{store}: OK, {cases} new cases</source>
        <translation>{store}:正常,新工单 {cases} 个</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>同步失败</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>State change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Amazon notice</source>
        <translation>亚马逊通知</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>Buyer reply</source>
        <translation>买家回复</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>UnconfirmedActions</name>
    <message>
        <source>Refund {key} marked as done.</source>
        <translation>退款 {key} 已标记为已完成。</translation>
    </message>
    <message>
        <source>Asked to send refund {key} again: a second manager must confirm.</source>
        <translation>已申请重新发送退款 {key}:需第二位主管确认。</translation>
    </message>
    <message>
        <source>Sending refund {key} again is confirmed: the next sync sends it.</source>
        <translation>已确认重新发送退款 {key}:下次同步时发送。</translation>
    </message>
</context>
<context>
    <name>UserViews</name>
    <message>
        <source>Save Current &amp;View…</source>
        <translation>保存当前视图(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Delete View</source>
        <translation>删除视图(&amp;D)</translation>
    </message>
    <message>
        <source>Save Current View</source>
        <translation>保存当前视图</translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>视图名称:</translation>
    </message>
    <message>
        <source>A view needs a name: nothing was saved.</source>
        <translation>视图需要一个名称:未保存。</translation>
    </message>
    <message>
        <source>At most {count} views can be saved: delete one first.</source>
        <translation>最多可保存 {count} 个视图:请先删除一个。</translation>
    </message>
    <message>
        <source>A view named “{name}” exists already. Replace it with the current filters?</source>
        <translation>已有名为「{name}」的视图。要用当前的筛选条件替换它吗?</translation>
    </message>
    <message>
        <source>View “{name}” saved.</source>
        <translation>已保存视图「{name}」。</translation>
    </message>
    <message>
        <source>View “{name}” deleted.</source>
        <translation>已删除视图「{name}」。</translation>
    </message>
</context>
<context>
    <name>VerifiedDialog</name>
    <message>
        <source>Verified in Seller Central</source>
        <translation>已在卖家平台核实</translation>
    </message>
    <message>
        <source>What did you find in Seller Central for adjustment {key}? (e.g. the refund&apos;s date and amount)</source>
        <translation>你在卖家平台(Seller Central)看到的调整 {key} 的情况?(例如退款日期和金额)</translation>
    </message>
    <message>
        <source>Mark as done</source>
        <translation>标记为已完成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdraw Request</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <source>Withdraw the refund request of case #{case} ({amount})? The approvers will no longer see it and the case goes back to In progress.</source>
        <translation>撤回工单 #{case} 的退款申请({amount})?审批人将不再看到该申请,工单回到「处理中」。</translation>
    </message>
    <message>
        <source>Why? e.g. the buyer cancelled the return</source>
        <translation>撤回理由,例如:买家已取消退货</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>WithdrawFeature</name>
    <message>
        <source>&amp;Withdraw Request…</source>
        <translation>撤回申请(&amp;W)…</translation>
    </message>
    <message>
        <source>Take your own pending refund request back before it is decided</source>
        <translation>在审批决定之前撤回您自己提交的退款申请</translation>
    </message>
    <message>
        <source>The approval request of case #{case} was withdrawn</source>
        <translation>已撤回工单 #{case} 的审批申请</translation>
    </message>
</context>
<context>
    <name>WorkListPage</name>
    <message>
        <source>The action was not carried out</source>
        <translation>操作未执行</translation>
    </message>
</context>
<context>
    <name>_RefundRow</name>
    <message>
        <source>Verified in Seller Central: mark as done</source>
        <translation>已在卖家平台核实,标记为已完成</translation>
    </message>
    <message>
        <source>Ask to send again</source>
        <translation>申请重新发送</translation>
    </message>
    <message>
        <source>Confirm sending again</source>
        <translation>确认重新发送</translation>
    </message>
    <message>
        <source>Log in as a manager to resolve unconfirmed refunds</source>
        <translation>请以主管身份登录后处理待确认的退款</translation>
    </message>
    <message>
        <source>Only a manager may resolve unconfirmed refunds</source>
        <translation>只有主管可以处理待确认的退款</translation>
    </message>
    <message>
        <source>Unconfirmed for less than {hours} h: wait for Amazon&apos;s refund record</source>
        <translation>待确认未满 {hours} 小时:请先等待亚马逊的退款记录</translation>
    </message>
    <message>
        <source>You asked to send it again: waiting for a second manager to confirm.</source>
        <translation>你已申请重新发送,等待第二位主管确认。</translation>
    </message>
    <message>
        <source>A manager asked to send it again: a second manager confirms (or marks it done).</source>
        <translation>另一位主管已申请重新发送:请确认重新发送(或核实后标记为已完成)。</translation>
    </message>
    <message>
        <source>Already asked: a second manager confirms sending again</source>
        <translation>已申请:等待第二位主管确认重新发送</translation>
    </message>
    <message>
        <source>Nobody has asked to send it again yet</source>
        <translation>还没有人申请重新发送</translation>
    </message>
    <message>
        <source>You asked to send it again: a second manager must confirm (four-eyes)</source>
        <translation>是你申请的重新发送:需另一位主管确认(四眼原则)</translation>
    </message>
    <message>
        <source>Amazon has the refund: record what you verified, mark it done</source>
        <translation>亚马逊已有这笔退款:写明核实内容并标记为已完成</translation>
    </message>
    <message>
        <source>Amazon has no such refund: a second manager must confirm</source>
        <translation>亚马逊没有这笔退款:申请后需第二位主管确认</translation>
    </message>
    <message>
        <source>Send it again with the same MerchantAdjustmentItemID</source>
        <translation>以相同的 MerchantAdjustmentItemID 重新发送</translation>
    </message>
</context>
</TS>
