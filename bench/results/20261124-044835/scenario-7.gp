set terminal pngcairo size 900,340 noenhanced font ",9"
set output 'scenario-7.png'
set multiplot layout 1,3 title "7. Idle memory: 10,000 idle keep-alive connections\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 14288 14288 14288 8073150 "14,288"
1 "nginx" 8400 8400 8400 3835592 "8,400"
EOD
set title "no connections"
set ylabel "Server RSS (kB)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:17145.6]
set ytics ("0" 0, "5k" 5000, "10k" 10000, "15k" 15000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 14288 14288 14288 8073150 "14,288"
1 "nginx" 13892 13892 13892 3835592 "13,892"
EOD
set title "10,000 idle connections held"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:17145.6]
set ytics ("0" 0, "5k" 5000, "10k" 10000, "15k" 15000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 14288 14288 14288 8073150 "14,288"
1 "nginx" 8884 8884 8884 3835592 "8,884"
EOD
set title "after closing them"
unset ylabel
set lmargin 8
set xrange [-0.6:1.6]
set yrange [0:17145.6]
set ytics ("0" 0, "5k" 5000, "10k" 10000, "15k" 15000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
